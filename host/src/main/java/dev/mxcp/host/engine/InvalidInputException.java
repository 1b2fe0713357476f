package dev.mxcp.host.engine;

import dev.mxcp.host.base.MxcpException;

/**
 * Arguments that do not fit an endpoint's parameters: an unknown or missing parameter, or a value of the
 * wrong type or outside its constraints. The message is one line naming the parameter path, e.g.
 * {@code Invalid value for parameter 'filters.status[2]': expected one of [open, closed], got 'x'}.
 */
public final class InvalidInputException extends MxcpException {

    private final String parameter;

    /**
     * @param parameter the path of the offending value ({@code name}, {@code name.key}, {@code name[3]})
     * @param message the whole one-line message
     */
    public InvalidInputException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The path of the offending value, starting with the parameter name. */
    public String parameter() {
        return parameter;
    }
}

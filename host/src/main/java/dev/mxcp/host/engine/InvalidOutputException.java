package dev.mxcp.host.engine;

import dev.mxcp.host.base.MxcpException;

/**
 * A result that does not fit the endpoint's declared {@code return} type: wrong row count for an object or
 * scalar return, or a value of the wrong type or outside its constraints. The message is one line, e.g.
 * {@code Return value result[3].price: expected number, got string 'abc'}.
 */
public final class InvalidOutputException extends MxcpException {

    private final String path;

    /**
     * @param path where in the result the problem is ({@code result}, {@code result[3].price})
     * @param message the whole one-line message
     */
    public InvalidOutputException(String path, String message) {
        super(message);
        this.path = path;
    }

    /** Where in the result the problem is, starting with {@code result}. */
    public String path() {
        return path;
    }
}

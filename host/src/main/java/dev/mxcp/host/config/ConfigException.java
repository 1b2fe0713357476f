package dev.mxcp.host.config;

import dev.mxcp.host.base.MxcpException;

/**
 * A configuration or definition file that cannot be used: its message reads
 * {@code file:line:column: key.path: what is wrong}.
 */
public final class ConfigException extends MxcpException {

    private final Location location;
    private final String keyPath;
    private final String problem;

    public ConfigException(Location location, String keyPath, String problem) {
        super(format(location, keyPath, problem));
        this.location = location;
        this.keyPath = keyPath;
        this.problem = problem;
    }

    public Location location() {
        return location;
    }

    /** The dotted key path inside the file ({@code tool.parameters[0].type}); empty for the whole file. */
    public String keyPath() {
        return keyPath;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }

    private static String format(Location location, String keyPath, String problem) {
        return location + ": " + (keyPath == null || keyPath.isEmpty() ? "" : keyPath + ": ") + problem;
    }
}

package dev.mxcp.guest;

/**
 * What endpoint code can tell the client while a call runs: log messages and progress. Served over MCP
 * these become {@code notifications/message} and {@code notifications/progress}; elsewhere (the CLI, tests)
 * they go to the host's log.
 */
public interface ClientChannel {

    /** Log levels as MCP names them (RFC 5424 severities). */
    enum Level { DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY }

    void log(Level level, String message);

    /**
     * @param total null when unknown
     * @param message null when there is nothing to say
     */
    void progress(double progress, Double total, String message);

    /** A channel that writes to {@code System.Logger} under {@code name}; what calls get outside MCP. */
    static ClientChannel logging(String name) {
        System.Logger log = System.getLogger(name);
        return new ClientChannel() {
            @Override
            public void log(Level level, String message) {
                log.log(switch (level) {
                    case DEBUG -> System.Logger.Level.DEBUG;
                    case INFO, NOTICE -> System.Logger.Level.INFO;
                    case WARNING -> System.Logger.Level.WARNING;
                    case ERROR, CRITICAL, ALERT, EMERGENCY -> System.Logger.Level.ERROR;
                }, message);
            }

            @Override
            public void progress(double progress, Double total, String message) {
                log.log(System.Logger.Level.INFO, "progress " + progress + (total == null ? "" : "/" + total)
                        + (message == null ? "" : ": " + message));
            }
        };
    }
}

package dev.mxcp.guest;

/**
 * What endpoint code can tell and ask the client while a call runs. Served over MCP, logs and progress
 * become {@code notifications/message} and {@code notifications/progress}. To a 2025-11-25 session,
 * {@link #sample}, {@link #elicit} and {@link #listRoots} are requests to the client that block the calling
 * thread until it answers. A 2026-07-28 client is asked in the call's result instead (multi round-trip
 * requests): a request it has not answered yet fails, the call's result becomes the list of its unanswered
 * requests, and the client calls again with the answers, which the requests of that run get, by key, in
 * their place. Elsewhere (the CLI, tests) logs and progress go to the host's log and requests fail.
 */
public interface ClientChannel {

    /** Log levels as MCP names them (RFC 5424 severities), least severe first. */
    enum Level { DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY }

    void log(Level level, String message);

    /**
     * Reports progress. Values that do not increase are dropped, as MCP requires increasing progress.
     *
     * @param total null when unknown
     * @param message null when there is nothing to say
     */
    void progress(double progress, Double total, String message);

    /**
     * Whether progress reports reach anyone (over MCP: whether the request carried a progress token), so
     * that work can skip measuring its progress when nobody listens.
     */
    default boolean wantsProgress() {
        return true;
    }

    /**
     * Asks the client's model for a completion and waits for it.
     *
     * @throws ClientRequestException when the client cannot or will not answer, or the call is cancelled
     */
    default Sampling.Result sample(Sampling.Request request) {
        throw new ClientRequestException("sampling needs an MCP client that supports it; none is connected");
    }

    /**
     * Asks the user to fill in a form and waits for the answer (which may be a decline or cancel).
     *
     * @throws ClientRequestException when the client cannot or will not answer, or the call is cancelled
     */
    default Elicitation.Result elicit(Elicitation.Request request) {
        throw new ClientRequestException("elicitation needs an MCP client that supports it; none is connected");
    }

    /**
     * Asks the client for its roots (the folders or URIs it shares) and waits for them.
     *
     * @param key names the request (see {@link Sampling.Request}); null for one by the order of requests
     * @throws ClientRequestException when the client cannot or will not answer, or the call is cancelled
     */
    default java.util.List<Root> listRoots(String key) {
        throw new ClientRequestException("roots need an MCP client that supports them; none is connected");
    }

    /** One root of the client: a URI ({@code file://...}) and an optional name (null when none). */
    record Root(String uri, String name) {
    }

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
            public boolean wantsProgress() {
                return false;
            }

            @Override
            public void progress(double progress, Double total, String message) {
                log.log(System.Logger.Level.INFO, "progress " + progress + (total == null ? "" : "/" + total)
                        + (message == null ? "" : ": " + message));
            }
        };
    }
}

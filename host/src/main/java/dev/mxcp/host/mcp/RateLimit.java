package dev.mxcp.host.mcp;

import dev.mxcp.host.config.ServerSettings;

/**
 * How many {@code tools/call} requests one client may make (the MCP spec asks servers to rate limit tool
 * invocations): {@code perSecond} on average and up to {@code burst} at once, as a token bucket. A client is a
 * session (stateful HTTP, stdio) or, over stateless HTTP, a client address.
 *
 * @param perSecond calls per second; 0 turns the limit off
 * @param burst calls allowed at once, after a pause
 */
public record RateLimit(int perSecond, int burst) {

    /** No limit. */
    public static final RateLimit OFF = new RateLimit(0, 0);
    /** The default of {@link ServerSettings}: 50 calls per second with bursts of 100. */
    public static final RateLimit DEFAULT = of(ServerSettings.DEFAULTS);

    public RateLimit {
        if (perSecond < 0 || burst < 0 || (perSecond > 0 && burst < 1)) {
            throw new IllegalArgumentException("a rate limit needs positive calls per second and burst, got "
                    + perSecond + " and " + burst);
        }
    }

    /** The limit resolved in {@code settings}. */
    public static RateLimit of(ServerSettings settings) {
        return new RateLimit(settings.toolCallsPerSecond(), settings.toolCallBurst());
    }

    public boolean enabled() {
        return perSecond > 0;
    }
}

package dev.mxcp.host.mcp;

import dev.mxcp.host.config.UserConfig;

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
    /** 50 calls per second with bursts of 100: far above what a model-driven client makes. */
    public static final RateLimit DEFAULT = new RateLimit(50, 100);

    public RateLimit {
        if (perSecond < 0 || burst < 0 || (perSecond > 0 && burst < 1)) {
            throw new IllegalArgumentException("a rate limit needs positive calls per second and burst, got "
                    + perSecond + " and " + burst);
        }
    }

    /** The limit the user configuration's {@code transport.rate_limit} sets; unset values take the defaults. */
    public static RateLimit from(UserConfig.Transport.RateLimit configured) {
        if (!configured.enabled()) {
            return OFF;
        }
        int perSecond = configured.toolCallsPerSecond() != null ? configured.toolCallsPerSecond() : DEFAULT.perSecond;
        int burst = configured.burst() != null ? configured.burst()
                : configured.toolCallsPerSecond() != null ? 2 * perSecond : DEFAULT.burst;
        return new RateLimit(perSecond, burst);
    }

    public boolean enabled() {
        return perSecond > 0;
    }
}

package dev.mxcp.host.mcp;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;

/** One client's token bucket of tool calls: a call over the limit is refused with the delay to wait. */
final class ToolCallThrottle {

    private final RateLimit limit;
    private final String client;
    private final Bucket bucket;

    private ToolCallThrottle(RateLimit limit, String client) {
        this.limit = limit;
        this.client = client;
        this.bucket = Bucket.builder()
                .addLimit(l -> l.capacity(limit.burst()).refillGreedy(limit.perSecond(), Duration.ofSeconds(1)))
                .build();
    }

    /**
     * A throttle for one client, or null when the limit is off.
     *
     * @param client what one client is, for the message ("session", "client address")
     */
    static ToolCallThrottle of(RateLimit limit, String client) {
        return limit.enabled() ? new ToolCallThrottle(limit, client) : null;
    }

    /** Takes a call from the bucket, or throws the rate-limit error saying when to retry. */
    void admit() {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return;
        }
        long retryMillis = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999) / 1_000_000);
        throw new McpError(McpError.RATE_LIMITED, "Rate limit exceeded: at most " + limit.perSecond()
                + " tool calls per second (bursts of " + limit.burst() + ") per " + client + "; retry in " + retryMillis
                + " ms (the limit is transport.rate_limit in the server's user configuration)",
                Map.of("retryAfterMs", retryMillis, "toolCallsPerSecond", limit.perSecond(), "burst", limit.burst()));
    }

    /** Whether the bucket is full again: the client has been quiet long enough to be forgotten. */
    boolean idle() {
        return bucket.getAvailableTokens() >= limit.burst();
    }
}

package dev.mxcp.host.manager;

import dev.mxcp.host.manager.McpManagerException.Kind;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * A server's circuit breaker, made of two Helidon breakers in a row, because one Helidon breaker has one
 * trigger (a share of failures among its last {@code volume} calls): the outer one opens on
 * {@code consecutive_failures} failures in a row (volume = that number, ratio 100 %), the inner one on
 * {@code error_rate} among the last {@code min_calls} calls. Both wait {@code cooldown}, then let exactly one probe
 * through (Helidon refuses parallel calls while half-open) and close on its success.
 *
 * <p>What Helidon cannot express: ContextForge measures the error rate over the last 60 seconds (at least
 * {@code min_calls} calls in them); Helidon's window is the last {@code min_calls} calls, however old. Helidon
 * also does not tell when an open breaker will half-open, so the retry time in messages is taken when a call
 * sees the breaker open (at most one call late, never early).
 */
final class Breaker {

    private final String serverId;
    private final Duration cooldown;
    private final CircuitBreaker consecutive;
    private final CircuitBreaker rate;
    private final Observed consecutiveSeen = new Observed();
    private final Observed rateSeen = new Observed();

    Breaker(String serverId, ServerConfig.Breaker settings) {
        this.serverId = serverId;
        this.cooldown = settings.cooldown();
        this.consecutive = CircuitBreaker.builder().name("mcp-manager-" + serverId + "-consecutive")
                .volume(settings.consecutiveFailures()).errorRatio(100).delay(cooldown).successThreshold(1)
                // the inner breaker's fail-fast is not a failure of the server
                .addSkipOn(CircuitBreakerOpenException.class).enableMetrics(false).build();
        this.rate = CircuitBreaker.builder().name("mcp-manager-" + serverId + "-rate")
                .volume(settings.minCalls()).errorRatio((int) Math.ceil(settings.errorRate() * 100)).delay(cooldown)
                .successThreshold(1).enableMetrics(false).build();
    }

    /** Runs {@code call} unless the circuit is open; a failure of the call is any exception it throws. */
    <T> T call(Supplier<T> call) {
        try {
            return consecutive.invoke(() -> rate.invoke(call));
        } catch (CircuitBreakerOpenException e) {
            observe();
            throw open();
        } finally {
            observe();
        }
    }

    CircuitState state() {
        CircuitBreaker.State a = consecutive.state();
        CircuitBreaker.State b = rate.state();
        if (a == CircuitBreaker.State.OPEN || b == CircuitBreaker.State.OPEN) {
            return CircuitState.OPEN;
        }
        return a == CircuitBreaker.State.HALF_OPEN || b == CircuitBreaker.State.HALF_OPEN ? CircuitState.HALF_OPEN
                : CircuitState.CLOSED;
    }

    private McpManagerException open() {
        Instant retryAt = later(consecutiveSeen.retryAt, rateSeen.retryAt);
        String when = retryAt == null || state() == CircuitState.HALF_OPEN
                ? "a probe call is in progress; others fail fast until it succeeds"
                : "calls fail fast until " + retryAt.truncatedTo(ChronoUnit.SECONDS) + " (in about "
                + Math.max(1, Duration.between(Instant.now(), retryAt).toSeconds()) + " s), then one probe call is let through";
        return new McpManagerException(Kind.CIRCUIT_OPEN, serverId, "Server '" + serverId + "': circuit "
                + state().label() + " after failures; " + when, null, retryAt, null);
    }

    /** Notes when each breaker was first seen open, to say when it retries. */
    private void observe() {
        consecutiveSeen.see(consecutive.state(), cooldown);
        rateSeen.see(rate.state(), cooldown);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** The state a breaker had when last looked at, and when it half-opens if it is open. */
    private static final class Observed {
        private CircuitBreaker.State last = CircuitBreaker.State.CLOSED;
        private volatile Instant retryAt;

        synchronized void see(CircuitBreaker.State now, Duration cooldown) {
            if (now == CircuitBreaker.State.OPEN && (last != CircuitBreaker.State.OPEN || retryAt == null)) {
                retryAt = Instant.now().plus(cooldown);
            } else if (now != CircuitBreaker.State.OPEN) {
                retryAt = null;
            }
            last = now;
        }
    }
}

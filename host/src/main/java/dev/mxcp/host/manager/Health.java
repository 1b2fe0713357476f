package dev.mxcp.host.manager;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A server's recent outcomes (health checks and real requests) over a sliding time window, and the health state
 * they give: Unhealthy when the circuit is open, Degraded when it is half-open; else Unhealthy when the last
 * {@code unhealthy_threshold} outcomes failed, Degraded when the last outcome failed, the window's error rate reaches
 * {@code degraded_error_rate} or its mean response time {@code degraded_latency_ms}; else Healthy.
 */
final class Health {

    /** Enough for percentiles; older samples go first when a busy server exceeds it. */
    private static final int MAX_SAMPLES = 4096;

    private record Sample(long at, long nanos, boolean ok) {
    }

    private final ServerConfig.HealthCheck settings;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private int consecutiveFailures;

    Health(ServerConfig.HealthCheck settings) {
        this.settings = settings;
    }

    /** An outcome: a failure is a server that did not answer in time or answered no MCP (not a tool error). */
    synchronized void record(long nanos, boolean ok) {
        long now = System.nanoTime();
        samples.addLast(new Sample(now, nanos, ok));
        if (samples.size() > MAX_SAMPLES) {
            samples.removeFirst();
        }
        consecutiveFailures = ok ? 0 : consecutiveFailures + 1;
    }

    synchronized ServerState state(CircuitState circuit) {
        prune();
        switch (circuit) {
            case OPEN -> {
                return ServerState.UNHEALTHY;
            }
            case HALF_OPEN -> {
                return ServerState.DEGRADED; // recovering: its probe decides
            }
            case CLOSED -> {
                if (consecutiveFailures >= settings.unhealthyThreshold()) {
                    return ServerState.UNHEALTHY;
                }
            }
        }
        long failures = samples.stream().filter(s -> !s.ok()).count();
        boolean failing = !samples.isEmpty() && (double) failures / samples.size() >= settings.degradedErrorRate();
        if (consecutiveFailures > 0 || failing
                || averageMs() >= settings.degradedLatencyMs()) {
            return ServerState.DEGRADED;
        }
        return ServerState.HEALTHY;
    }

    /** Mean response time in the window, in ms (0 without samples). */
    synchronized long averageMs() {
        prune();
        return samples.isEmpty() ? 0
                : Math.round(samples.stream().mapToLong(Sample::nanos).average().orElse(0) / 1_000_000.0);
    }

    /** 95th percentile response time in the window (nearest rank), in ms (0 without samples). */
    synchronized long p95Ms() {
        prune();
        if (samples.isEmpty()) {
            return 0;
        }
        long[] sorted = samples.stream().mapToLong(Sample::nanos).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.95 * sorted.length) - 1;
        return Math.round(sorted[Math.max(0, rank)] / 1_000_000.0);
    }

    private void prune() {
        long oldest = System.nanoTime() - settings.window().toNanos();
        while (!samples.isEmpty() && samples.peekFirst().at() - oldest < 0) {
            samples.removeFirst();
        }
    }
}

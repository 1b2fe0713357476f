package dev.mxcp.host.engine;

import dev.mxcp.host.base.PoolSizes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * MXCP's endpoint and policy metrics, by its names and labels: {@code mxcp.endpoint.requests_total}
 * (endpoint, type, status, caller, policy_decision), {@code mxcp.endpoint.errors_total} (endpoint, type, caller,
 * error_type), {@code mxcp.endpoint.concurrent_executions} (endpoint, type), {@code mxcp.policy.evaluations_total}
 * (type, decision) and {@code mxcp.policy.denials_total} (type, reason); and a latency histogram MXCP leaves
 * to span metrics, {@code mxcp.endpoint.duration} (endpoint, type, status), so that {@code /metrics} alone
 * shows latency. Its execution engine's {@code mxcp.execution.total} (language, status) and
 * {@code mxcp.execution.concurrent} (language), and {@code mxcp.reloads_total} (status, profile) of configuration
 * reloads. MXCP has no pool gauges; ours are {@code mxcp.pool.max}, {@code mxcp.pool.open} and
 * {@code mxcp.pool.in_use} (pool: duckdb, python, javascript) and {@code mxcp.duckdb.dedicated_connections}.
 */
final class CallMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    /** Counters and timers by their name and tag values. */
    private final Map<List<String>, Meter> meters = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> executing = new ConcurrentHashMap<>();

    CallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One more call of {@code endpoint} running; the returned counter is decremented when it ends. */
    AtomicInteger started(String endpoint, String type) {
        AtomicInteger count = running.computeIfAbsent(type + "\u0000" + endpoint, key -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("mxcp.endpoint.concurrent_executions", value, AtomicInteger::get)
                    .description("Currently running endpoint executions")
                    .tags("endpoint", endpoint, "type", type).register(registry);
            return value;
        });
        count.incrementAndGet();
        return count;
    }

    /** A finished call; {@code errorType} is null when it succeeded. */
    void finished(String endpoint, String type, String caller, String policyDecision, String errorType, long nanos) {
        String status = errorType == null ? "success" : "error";
        String decision = policyDecision == null ? "none" : policyDecision;
        counter(List.of("requests", endpoint, type, status, caller, decision),
                () -> Counter.builder("mxcp.endpoint.requests_total").description("Total endpoint requests")
                        .tags("endpoint", endpoint, "type", type, "status", status, "caller", caller,
                                "policy_decision", decision)).increment();
        if (errorType != null) {
            counter(List.of("errors", endpoint, type, caller, errorType),
                    () -> Counter.builder("mxcp.endpoint.errors_total").description("Total endpoint errors")
                            .tags("endpoint", endpoint, "type", type, "caller", caller, "error_type", errorType))
                    .increment();
        }
        ((Timer) meters.computeIfAbsent(List.of("duration", endpoint, type, status),
                key -> Timer.builder("mxcp.endpoint.duration").description("Endpoint call duration")
                        .publishPercentileHistogram().tags("endpoint", endpoint, "type", type, "status", status)
                        .register(registry)))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One more run of {@code language} code (SQL included) in the execution engine; decrement it when it ends. */
    AtomicInteger executionStarted(String language) {
        AtomicInteger count = executing.computeIfAbsent(language, key -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("mxcp.execution.concurrent", value, AtomicInteger::get)
                    .description("Currently running executions across all languages").tag("language", language)
                    .register(registry);
            return value;
        });
        count.incrementAndGet();
        return count;
    }

    /** A run of the execution engine ended. */
    void executed(String language, boolean succeeded) {
        String status = succeeded ? "success" : "error";
        counter(List.of("executions", language, status),
                () -> Counter.builder("mxcp.execution.total").description("Total executions across all languages")
                        .tags("language", language, "status", status)).increment();
    }

    /** A configuration reload ran (or was refused). */
    void reloaded(boolean succeeded, String profile) {
        String status = succeeded ? "success" : "error";
        counter(List.of("reloads", status, profile),
                () -> Counter.builder("mxcp.reloads_total").description("Total reload operations")
                        .tags("status", status, "profile", profile)).increment();
    }

    /** Gauges of a pool, read from {@code sizes} at each scrape or export (held strongly: nothing else holds it). */
    void pool(String pool, Supplier<PoolSizes> sizes) {
        Gauge.builder("mxcp.pool.max", sizes, s -> s.get().max()).description("How many the pool may hold, as configured")
                .tag("pool", pool).strongReference(true).register(registry);
        Gauge.builder("mxcp.pool.open", sizes, s -> s.get().open()).description("How many of the pool are open (started)")
                .tag("pool", pool).strongReference(true).register(registry);
        Gauge.builder("mxcp.pool.in_use", sizes, s -> s.get().inUse()).description("How many of the pool a call holds")
                .tag("pool", pool).strongReference(true).register(registry);
    }

    /** The gauge of the DuckDB connections outside the pool (one per guest worker that ran SQL). */
    void dedicatedConnections(Supplier<Integer> count) {
        Gauge.builder("mxcp.duckdb.dedicated_connections", count, c -> c.get())
                .description("DuckDB connections of guest workers, outside the pool").strongReference(true)
                .register(registry);
    }

    /** One stage of an endpoint's policies ran: "input" or "output", with its decision. */
    void policyEvaluated(String stage, String decision) {
        counter(List.of("evaluations", stage, decision),
                () -> Counter.builder("mxcp.policy.evaluations_total").description("Total policy evaluations")
                        .tags("type", stage, "decision", decision)).increment();
        if ("deny".equals(decision)) {
            counter(List.of("denials", stage),
                    () -> Counter.builder("mxcp.policy.denials_total").description("Total policy denials")
                            .tags("type", stage, "reason", "deny")).increment();
        }
    }

    /** The counter of {@code key}, registered on first use: building and registering one per call is costly. */
    private Counter counter(List<String> key, Supplier<Counter.Builder> builder) {
        return (Counter) meters.computeIfAbsent(key, k -> builder.get().register(registry));
    }
}

package dev.mxcp.host.engine;

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
 * shows latency.
 */
final class CallMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    /** Counters and timers by their name and tag values. */
    private final Map<List<String>, Meter> meters = new ConcurrentHashMap<>();

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

package dev.mxcp.host.manager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One server's meters, tagged {@code server=<id>}, removed from the registry when the server is undeployed. In
 * Prometheus terms: {@code mcp_manager_requests_total{server,outcome}}, {@code
 * mcp_manager_request_duration_seconds} (a histogram of the requests that reached the server), {@code
 * mcp_manager_health_checks_total{server,outcome}}, and the gauges {@code mcp_manager_requests_in_flight},
 * {@code mcp_manager_server_instances}, {@code mcp_manager_circuit_state{state}} and {@code
 * mcp_manager_server_health{state}} (1 for the current state, 0 for the others).
 */
final class ServerMeters {

    /** Outcomes of a request, as the {@code outcome} tag spells them. */
    static final String SUCCESS = "success";
    private static final String CIRCUIT_OPEN = outcome(McpManagerException.Kind.CIRCUIT_OPEN);

    private static final Duration[] BUCKETS = Stream.of(1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<String, Counter> requests;
    private final Map<String, Counter> checks;
    private final Timer latency;

    ServerMeters(MeterRegistry registry, ManagedServer server) {
        this.registry = registry;
        String id = server.config().id();
        List<String> outcomes = Stream.concat(Stream.of(SUCCESS),
                Stream.of(McpManagerException.Kind.values()).filter(k -> !k.invalidArgument() && k != McpManagerException.Kind.NOT_STARTED)
                        .map(ServerMeters::outcome)).toList();
        // every outcome from the start, at 0: a rate over a counter that appears late misses its first increase
        this.requests = outcomes.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), o -> add(Counter
                .builder("mcp.manager.requests").description("Requests sent through execute, by outcome")
                .tag("server", id).tag("outcome", o).register(registry))));
        this.checks = outcomes.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), o -> add(Counter
                .builder("mcp.manager.health.checks").description("Periodic health checks (ping), by outcome")
                .tag("server", id).tag("outcome", o).register(registry))));
        this.latency = add(Timer.builder("mcp.manager.request.duration")
                .description("Response time of the requests that reached the server").tag("server", id)
                .serviceLevelObjectives(BUCKETS).register(registry));
        add(Gauge.builder("mcp.manager.requests.in.flight", server, ManagedServer::inFlight)
                .description("Requests and health checks running").tag("server", id).strongReference(true).register(registry));
        add(Gauge.builder("mcp.manager.server.instances", server, s -> s.instances())
                .description("Instances (sessions) requests are balanced over").tag("server", id).strongReference(true)
                .register(registry));
        for (CircuitState state : CircuitState.values()) {
            add(Gauge.builder("mcp.manager.circuit.state", server, s -> s.circuitState() == state ? 1 : 0)
                    .description("1 for the circuit's current state").tag("server", id).tag("state", state.label())
                    .strongReference(true).register(registry));
        }
        for (ServerState state : ServerState.values()) {
            add(Gauge.builder("mcp.manager.server.health", server, s -> s.state() == state ? 1 : 0)
                    .description("1 for the server's current health state").tag("server", id).tag("state", state.label())
                    .strongReference(true).register(registry));
        }
    }

    static String outcome(McpManagerException.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** A request's outcome; its response time only when it reached the server (not an open circuit). */
    void request(String outcome, long nanos) {
        requests.get(outcome).increment();
        if (!outcome.equals(CIRCUIT_OPEN)) {
            latency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void check(String outcome) {
        checks.get(outcome).increment();
    }

    void close() {
        synchronized (meters) {
            meters.forEach(registry::remove);
        }
    }

    private <M extends Meter> M add(M meter) {
        synchronized (meters) {
            meters.add(meter);
        }
        return meter;
    }
}

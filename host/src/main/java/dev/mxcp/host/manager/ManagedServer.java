package dev.mxcp.host.manager;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientProtocolConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One deployed server: its pool of instances (sessions, balanced by least requests in flight), circuit breaker,
 * health and meters. Every call, request or health check, takes the same path: breaker, instance, health.
 */
final class ManagedServer {

    private final ServerConfig config;
    private final Supplier<Instance> newInstance;
    private final Runnable shutdown;
    private final Breaker breaker;
    private final Health health;
    private final ServerMeters meters;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean checking = new AtomicBoolean();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile List<Pooled> sessions = List.of();
    private volatile boolean closing;
    private volatile ScheduledFuture<?> checks;

    /** An instance, its requests in flight, and whether scaling down retired it (it closes when they end). */
    private record Pooled(Instance instance, AtomicInteger inFlight, AtomicBoolean retired) {
    }

    ManagedServer(ServerConfig config, MeterRegistry registry, Map<String, String> env) {
        this.config = config;
        switch (config.target()) {
            case ServerConfig.Remote remote -> {
                // HTTP/1.1 with kept-alive connections of its own: each call runs on its caller's thread; the
                // connect timeout is the shortest of a call's budgets, so a connect cannot outlast a deadline
                Http1Client http = Http1Client.builder()
                        .baseUri(remote.url())
                        .connectTimeout(Collections.min(List.of(config.connectTimeout(), config.requestTimeout(),
                                config.health().timeout())))
                        .followRedirects(false)
                        .sendExpectContinue(false)
                        .shareConnectionCache(false)
                        // the session's headers are checked once when built (HttpSession), not on every request
                        .protocolConfig(Http1ClientProtocolConfig.builder().validateRequestHeaders(false).build())
                        .build();
                this.newInstance = () -> new HttpSession(config, remote, http);
                this.shutdown = http::closeResource;
            }
            case ServerConfig.Stdio stdio -> {
                this.newInstance = () -> new StdioProcess(config, stdio, env);
                this.shutdown = () -> { };
            }
            case ServerConfig.Local local -> {
                LocalProject project = LocalProject.open(config, local, env);
                this.newInstance = project::session;
                this.shutdown = project::close;
            }
        }
        this.breaker = new Breaker(config.id(), config.breaker());
        this.health = new Health(config.health());
        scale(config.instances());
        this.meters = new ServerMeters(registry, this);
    }

    ServerConfig config() {
        return config;
    }

    ServerMeters meters() {
        return meters;
    }

    /**
     * Sends one JSON-RPC request through the breaker to the least busy session.
     *
     * @return the response message (with a result or an error)
     */
    JsonNode call(String method, JsonNode params, Duration timeout) {
        inFlight.incrementAndGet();
        try {
            return breaker.call(() -> {
                Pooled pooled = acquire();
                long start = System.nanoTime();
                try {
                    JsonNode response = pooled.instance().request(method, params, Deadline.in(timeout));
                    health.record(System.nanoTime() - start, true);
                    return response;
                } catch (McpManagerException e) {
                    health.record(System.nanoTime() - start, false);
                    throw e;
                } finally {
                    release(pooled);
                }
            });
        } finally {
            if (inFlight.decrementAndGet() == 0 && closing) {
                drained.complete(null);
            }
        }
    }

    /** A periodic check: a ping, unless the previous one still runs. */
    void check() {
        if (closing || !checking.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("mcp-manager-check-" + config.id()).start(() -> {
            try {
                call("ping", null, config.health().timeout());
                meters.check(ServerMeters.SUCCESS);
            } catch (McpManagerException e) {
                meters.check(ServerMeters.outcome(e.kind()));
            } catch (RuntimeException e) { // e.g. the HTTP client shut down by an undeploy racing this check
                meters.check(ServerMeters.outcome(McpManagerException.Kind.UNAVAILABLE));
            } finally {
                checking.set(false);
            }
        });
    }

    void checks(ScheduledFuture<?> schedule) {
        this.checks = schedule;
    }

    private Pooled acquire() {
        while (true) {
            Pooled least = null; // a loop, not a stream: this runs on every call
            for (Pooled pooled : sessions) {
                if (least == null || pooled.inFlight().get() < least.inFlight().get()) {
                    least = pooled;
                }
            }
            least.inFlight().incrementAndGet();
            if (!least.retired().get()) {
                return least;
            }
            release(least); // scaled away between the choice and now: choose again
        }
    }

    private void release(Pooled pooled) {
        if (pooled.inFlight().decrementAndGet() == 0 && pooled.retired().get()) {
            pooled.instance().close();
        }
    }

    /** Sets the number of instances: new ones open on first use, removed ones close when their requests end. */
    synchronized void scale(int instances) {
        List<Pooled> next = new ArrayList<>(sessions);
        while (next.size() < instances) {
            next.add(new Pooled(newInstance.get(), new AtomicInteger(), new AtomicBoolean()));
        }
        List<Pooled> removed = new ArrayList<>();
        while (next.size() > instances) {
            removed.add(next.removeLast());
        }
        sessions = List.copyOf(next);
        removed.forEach(this::retire);
    }

    private void retire(Pooled pooled) {
        pooled.retired().set(true);
        if (pooled.inFlight().get() == 0) {
            pooled.instance().close();
        }
    }

    int instances() {
        return sessions.size();
    }

    int inFlight() {
        return inFlight.get();
    }

    CircuitState circuitState() {
        return breaker.state();
    }

    ServerState state() {
        return health.state(breaker.state());
    }

    Health health() {
        return health;
    }

    ServerInfo info() {
        return new ServerInfo(config.id(), config.name(), config.serverType(), state(), config.priority(), config.tags(),
                instances(), circuitState(), health.averageMs(), health.p95Ms());
    }

    /**
     * Stops the checks; once the requests in flight have ended (or their timeout has passed), closes the
     * sessions and removes the meters. Returns at once; the future completes when all is closed.
     */
    CompletableFuture<Void> close() {
        closing = true;
        ScheduledFuture<?> schedule = checks;
        if (schedule != null) {
            schedule.cancel(false);
        }
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
        Duration longest = config.requestTimeout().compareTo(config.health().timeout()) > 0 ? config.requestTimeout()
                : config.health().timeout();
        return drained.completeOnTimeout(null, longest.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenRun(() -> {
                    sessions.forEach(p -> retire(p));
                    shutdown.run();
                    meters.close();
                });
    }
}

package dev.mxcp.host.manager;

import static dev.mxcp.host.manager.McpManagerTest.config;
import static dev.mxcp.host.manager.McpManagerTest.request;
import static dev.mxcp.host.manager.McpManagerTest.text;
import static dev.mxcp.host.manager.Upstream.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.manager.McpManagerException.Kind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upstream killed and restarted under the manager: its circuit and its health, and the other server's calls. */
class CircuitAndHealthTest {

    @TempDir
    Path dir;

    McpManager manager;
    Upstream a;

    @BeforeEach
    void start() {
        manager = McpManager.create();
        manager.start();
        a = Upstream.start(dir.resolve("a"));
    }

    @AfterEach
    void stop() {
        manager.close();
        a.close();
    }

    private String echo(String server, String text) {
        return text(manager.execute(server, request("{\"method\": \"echo\", \"params\": {\"text\": \"" + text + "\"}}")));
    }

    private McpManagerException failure(String server) {
        try {
            manager.execute(server, request("{\"method\": \"echo\", \"params\": {\"text\": \"x\"}}"));
        } catch (McpManagerException e) {
            return e;
        }
        throw new AssertionError("the call to " + server + " succeeded");
    }

    /** Calls to the other server at a modest pace: two cores run the servers, the checks and this loop. */
    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theCircuitOpensFailsFastHalfOpensForOneProbeAndCloses() throws Exception {
        // no periodic checks: every call here is one the test makes
        manager.deployServer("a", config(a.url(), """
                "timeouts": {"request": 3},
                "circuit_breaker": {"consecutive_failures": 3, "min_calls": 100, "cooldown": 2}"""));
        assertThat(echo("a", "up")).isEqualTo("up");

        a.stop();
        try (Upstream.Raw refusing = new Upstream.Raw(a.port(), Upstream.Raw.Mode.CLOSE)) {
            for (int i = 0; i < 3; i++) {
                assertThat(manager.getServerState("a")).isNotEqualTo(ServerState.UNHEALTHY);
                assertThat(failure("a").kind()).isEqualTo(Kind.UNAVAILABLE);
            }
            assertThat(manager.listServers().getFirst().circuitState()).isEqualTo(CircuitState.OPEN);
            assertThat(manager.getServerState("a")).isEqualTo(ServerState.UNHEALTHY);
            int connections = refusing.accepted.get();
            McpManagerException open = failure("a");
            assertThat(open.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
            assertThat(open.retryAt()).isAfter(Instant.now().minusSeconds(1));
            assertThat(open.getMessage()).startsWith("Server 'a': circuit Open after failures; calls fail fast until ")
                    .endsWith("then one probe call is let through");
            assertThat(refusing.accepted.get()).as("no network call while open").isEqualTo(connections);
        }

        try (Upstream.Raw hanging = new Upstream.Raw(a.port(), Upstream.Raw.Mode.HANG)) {
            await(() -> manager.listServers().getFirst().circuitState() == CircuitState.HALF_OPEN, "the circuit to half-open");
            assertThat(manager.getServerState("a")).isEqualTo(ServerState.DEGRADED);
            CompletableFuture<String> probe = manager.executeAsync("a", "{\"method\": \"ping\"}");
            await(() -> hanging.accepted.get() == 1, "the probe to reach the server");
            McpManagerException second = failure("a");
            assertThat(second.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
            assertThat(second.getMessage()).isEqualTo(
                    "Server 'a': circuit HalfOpen after failures; a probe call is in progress; others fail fast until it succeeds");
            assertThat(hanging.accepted.get()).as("exactly one probe").isEqualTo(1);
            assertThat(probe).failsWithin(java.time.Duration.ofSeconds(60)); // it times out: open again
            assertThat(manager.listServers().getFirst().circuitState()).isEqualTo(CircuitState.OPEN);
        }

        a.restart();
        await(() -> manager.listServers().getFirst().circuitState() == CircuitState.HALF_OPEN, "the circuit to half-open again");
        assertThat(echo("a", "back")).isEqualTo("back"); // the probe: a new session on the restarted server
        assertThat(manager.listServers().getFirst().circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(echo("a", "again")).isEqualTo("again");
    }

    @Test
    void healthGoesUnhealthyAndBackWhileTheOtherServerKeepsServing() throws Exception {
        try (Upstream b = Upstream.start(dir.resolve("b"))) {
            String resilience = """
                    "health_check": {"interval": 0.1, "timeout": 2, "unhealthy_threshold": 2, "window": 1},
                    "circuit_breaker": {"consecutive_failures": 3, "cooldown": 0.5}""";
            manager.deployServer("a", "{\"url\": \"" + a.url() + "\", " + resilience + "}");
            manager.deployServer("b", "{\"url\": \"" + b.url() + "\", " + resilience + "}");
            await(() -> manager.getHealthStatus().healthyServers() == 2, "both servers to be healthy");

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger served = new AtomicInteger();
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    assertThat(echo("b", "b")).isEqualTo("b"); // a failure here fails the test
                    served.incrementAndGet();
                    pause();
                }
            });

            a.stop();
            await(() -> manager.getServerState("a") == ServerState.UNHEALTHY || traffic.isDone(), "a to be unhealthy");
            assertThat(traffic).isNotDone();
            HealthStatus down = manager.getHealthStatus();
            assertThat(down.totalServers()).isEqualTo(2);
            assertThat(down.unhealthyServers()).isEqualTo(1);
            await(() -> manager.listServers().getFirst().circuitState() == CircuitState.OPEN, "a's circuit to open");

            a.restart(); // the checks probe it once the cooldown is over, and close the circuit
            await(() -> manager.getServerState("a") == ServerState.HEALTHY, "a to be healthy again");
            assertThat(manager.listServers().getFirst().circuitState()).isEqualTo(CircuitState.CLOSED);
            assertThat(manager.getHealthStatus().healthyServers()).isEqualTo(2);

            int before = served.get();
            await(() -> served.get() > before || traffic.isDone(), "b to serve more calls");
            running.set(false);
            traffic.join(); // rethrows a failed call to b
            assertThat(manager.getServerState("b")).isEqualTo(ServerState.HEALTHY);
            assertThat(echo("a", "a")).isEqualTo("a");
        }
    }
}

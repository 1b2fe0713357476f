package dev.mxcp.host.manager;

import static dev.mxcp.host.manager.McpManagerTest.request;
import static dev.mxcp.host.manager.McpManagerTest.text;
import static dev.mxcp.host.manager.Upstream.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.manager.McpManagerException.Kind;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official TypeScript SDK's reference server, {@code @modelcontextprotocol/server-everything} (pinned by
 * conformance/package-lock.json, installed by bin/test and conformance/run.sh), as an upstream beside the
 * project's own server: killed and started again while the other server keeps serving. Its circuit opens within
 * the configured failures, fails fast while open, half-opens after the cooldown for one probe and closes; its
 * health goes Healthy, Unhealthy, Healthy.
 */
class EverythingUpstreamTest {

    private static final Path CONFORMANCE = Path.of("..", "conformance").toAbsolutePath().normalize();
    private static final Path SERVER = CONFORMANCE.resolve(
            "node_modules/@modelcontextprotocol/server-everything/dist/index.js");

    @TempDir
    Path dir;

    McpManager manager;
    Upstream own;
    Process everything;
    int port;

    @BeforeEach
    void start() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(SERVER), "server-everything is not installed: run npm ci in "
                + CONFORMANCE + " (bin/test does)");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        everything = startEverything();
        own = Upstream.start(dir.resolve("own"));
        manager = McpManager.create();
        manager.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (manager != null) {
            manager.close();
        }
        if (own != null) {
            own.close();
        }
        if (everything != null) {
            everything.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Node 22 from conformance's packages when installed there, else the machine's node. */
    private Process startEverything() throws IOException {
        Path node = CONFORMANCE.resolve("node_modules/.bin/node");
        ProcessBuilder builder = new ProcessBuilder(Files.isExecutable(node) ? node.toString() : "node",
                SERVER.toString(), "streamableHttp").redirectErrorStream(true)
                .redirectOutput(dir.resolve("everything-" + System.nanoTime() + ".log").toFile());
        builder.environment().put("PORT", Integer.toString(port));
        Process process = builder.start();
        await(() -> listening() || !process.isAlive(), "server-everything to listen on " + port);
        assertThat(process.isAlive()).as("server-everything started").isTrue();
        return process;
    }

    private boolean listening() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String echo(String server) {
        return text(manager.execute(server, request(server.equals("everything")
                ? "{\"method\": \"echo\", \"params\": {\"message\": \"hi\"}}"
                : "{\"method\": \"echo\", \"params\": {\"text\": \"hi\"}}")));
    }

    @Test
    void killedAndRestartedTheCircuitAndHealthRecoverWhileTheOtherServerKeepsServing() throws Exception {
        String resilience = """
                "health_check": {"interval": 0.2, "timeout": 2, "unhealthy_threshold": 2, "window": 1},
                "timeouts": {"request": 5},
                "circuit_breaker": {"consecutive_failures": 3, "min_calls": 100, "cooldown": 1}""";
        manager.deployServer("everything", "{\"url\": \"http://127.0.0.1:" + port + "\", " + resilience + "}");
        manager.deployServer("own", "{\"url\": \"" + own.url() + "\", " + resilience + "}");
        assertThat(echo("everything")).isEqualTo("Echo: hi");
        assertThat(manager.execute("everything", request("{\"method\": \"tools/list\"}")).path("tools")
                .findValuesAsText("name")).contains("echo", "get-sum");
        await(() -> manager.getHealthStatus().healthyServers() == 2, "both servers to be healthy");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                assertThat(echo("own")).isEqualTo("hi"); // a failure here fails the test
                served.incrementAndGet();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });

        everything.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        await(() -> manager.listServers().getFirst().circuitState() == CircuitState.OPEN || traffic.isDone(),
                "the circuit to open after the health checks' failures");
        assertThat(manager.getServerState("everything")).isEqualTo(ServerState.UNHEALTHY);
        McpManagerException open = null;
        try {
            echo("everything");
        } catch (McpManagerException e) {
            open = e;
        }
        // open (fails fast, no network call) or, if the cooldown just ended, the one half-open probe failing
        assertThat(open).isNotNull();
        assertThat(open.kind()).isIn(Kind.CIRCUIT_OPEN, Kind.UNAVAILABLE);

        everything = startEverything();
        await(() -> manager.getServerState("everything") == ServerState.HEALTHY || traffic.isDone(),
                "everything to be healthy again (a half-open probe closed the circuit)");
        assertThat(manager.listServers().getFirst().circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(echo("everything")).isEqualTo("Echo: hi");

        int before = served.get();
        await(() -> served.get() > before || traffic.isDone(), "the other server to serve more calls");
        running.set(false);
        traffic.join(); // rethrows a failed call to the other server
        assertThat(served.get()).isPositive();
        assertThat(manager.getServerState("own")).isEqualTo(ServerState.HEALTHY);
    }
}

package dev.mxcp.host.transport;

import static dev.mxcp.host.transport.TestProject.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stdio transport through pipes: one line per message, concurrent requests, cancellation, EOF. */
class StdioTest {

    @TempDir
    Path dir;

    Mxcp mxcp;
    McpClient client;

    @BeforeEach
    void start() throws IOException {
        Path project = TestProject.write(dir.resolve("project"));
        mxcp = Mxcp.builder().project(project).environment(Fixtures.env(dir.resolve("home"))).build();
        client = TestProject.stdio(mxcp);
    }

    @AfterEach
    void stop() {
        client.close();
        mxcp.close();
    }

    @Test
    void modernRequestsAreServedWithoutInitializeBesideTheLegacySession() {
        Map<String, Object> meta = ModernWireTest.meta("2026-07-28", Map.of());
        JsonNode discover = client.result("server/discover", Map.of("_meta", meta));
        assertThat(discover.get("supportedVersions").toString()).contains("2026-07-28", "2025-11-25");
        JsonNode call = client.result("tools/call", Map.of("name", "greet", "arguments", Map.of("name", "x"), "_meta", meta));
        assertThat(call.at("/content/0/text").asText()).isEqualTo("Hello, x!");
        assertThat(call.get("resultType").asText()).isEqualTo("complete");
        assertThat(client.error("ping", Map.of("_meta", meta)).get("code").asInt()).isEqualTo(-32601);
        JsonNode unsupported = client.error("tools/list", Map.of("_meta", ModernWireTest.meta("2099-01-01", Map.of())));
        assertThat(unsupported.get("code").asInt()).isEqualTo(-32022);
        assertThat(unsupported.at("/data/requested").asText()).isEqualTo("2099-01-01");

        client.initialize(); // the process still takes a legacy client
        JsonNode list = client.result("tools/list", Map.of());
        assertThat(list.has("resultType")).isFalse();
    }

    @Test
    void requestsBeforeInitializeAreRefused() {
        assertThat(client.error("tools/list", Map.of()).get("code").asInt()).isEqualTo(-32600);
    }

    @Test
    void aSecondInitializeIsRefused() {
        client.initialize();
        assertThat(client.error("initialize", Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "x", "version", "1"))).get("code").asInt()).isEqualTo(-32600);
    }

    @Test
    void callsAToolOverStdio() {
        client.initialize();
        JsonNode result = client.result("tools/call", Map.of("name", "greet", "arguments", args("name", "stdio")));
        assertThat(result.at("/content/0/text").asText()).isEqualTo("Hello, stdio!");
    }

    @Test
    void aCancelledCallStopsAndGetsNoResponseWhileOthersGoOn() throws Exception {
        client.initialize();
        CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(() ->
                client.request(99, "tools/call", Map.of("name", "slow", "arguments", args("rows", 50_000_000_000L))));
        Thread.sleep(500);
        client.notify("notifications/cancelled", Map.of("requestId", 99, "reason", "user pressed stop"));
        // the server keeps answering, and the cancelled statement gives its connection back soon
        assertThat(client.result("tools/call", Map.of("name", "greet", "arguments", args("name", "after")))
                .at("/content/0/text").asText()).isEqualTo("Hello, after!");
        assertThat(client.result("ping", Map.of()).isEmpty()).isTrue();
        // the statement was interrupted: nothing is left running (scanning 50e9 rows would take minutes)
        assertThat(mxcp.drain(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(slow).isNotDone();
    }

    @Test
    void drainCancelsTheCallsStillRunningWhenItsTimeIsUp() throws Exception {
        client.initialize();
        CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(() ->
                client.request(98, "tools/call", Map.of("name", "slow", "arguments", args("rows", 50_000_000_000L))));
        Thread.sleep(500);
        assertThat(mxcp.drain(java.time.Duration.ofMillis(300))).as("the call was still running").isFalse();
        // cancelled through the same path as notifications/cancelled: the statement stops, nothing is left running
        // (scanning 50e9 rows would take minutes), and a cancelled request gets no response
        assertThat(mxcp.drain(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(slow).isNotDone();
    }

    @Test
    void aLineThatIsNotJsonGetsAParseErrorAndTheServerGoesOn() throws Exception {
        client.initialize();
        client.sendRaw("{not json");
        client.notify("notifications/unknown", Map.of()); // unknown notifications are ignored
        assertThat(client.result("ping", Map.of()).isEmpty()).isTrue();
        assertThat(client.notifications).anySatisfy(m -> assertThat(m.at("/error/code").asInt()).isEqualTo(-32700));
    }
}

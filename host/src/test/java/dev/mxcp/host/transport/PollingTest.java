package dev.mxcp.host.transport;

import static dev.mxcp.host.transport.TestProject.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSE polling (SEP-1699): the server closes a long call's stream and the client resumes with Last-Event-ID. */
class PollingTest {

    @TempDir
    Path dir;

    private TestProject.Server server() {
        return TestProject.serve(TestProject.write(dir.resolve("project")), new HttpOptions(false, List.of(), List.of(),
                HttpOptions.DEFAULT_MAX_REQUEST_BYTES, Duration.ofMillis(200)));
    }

    @Test
    void aLongCallIsDetachedAndItsResultArrivesOnTheResumedStream() {
        try (TestProject.Server server = server(); McpClient client = server.client()) {
            client.initialize();
            McpClient.Exchange exchange = client.exchange("POST", dev.mxcp.host.json.Json.write(Map.of("jsonrpc", "2.0",
                    "id", 5, "method", "tools/call", "params", Map.of("name", "slow", "arguments", args("rows", 300_000_000L),
                            "_meta", Map.of("progressToken", 9)))), Map.of());
            assertThat(exchange.body()).startsWith("id: ").contains("retry: 500");
            assertThat(client.resumptions()).isPositive();
            JsonNode response = exchange.messages().getLast();
            assertThat(response.get("id").asInt()).isEqualTo(5);
            assertThat(response.at("/result/structuredContent/result").asLong()).isPositive();
            assertThat(client.notifications("notifications/progress")).isNotEmpty();
        }
    }

    @Test
    void aQuickCallIsAnsweredAsUsual() {
        try (TestProject.Server server = server(); McpClient client = server.client()) {
            client.initialize();
            JsonNode result = client.result("tools/call", Map.of("name", "greet", "arguments", args("name", "x")));
            assertThat(result.at("/content/0/text").asText()).isEqualTo("Hello, x!");
            assertThat(client.resumptions()).isZero();
        }
    }

    @Test
    void olderClientsAreNeverDetached() {
        try (TestProject.Server server = server(); McpClient client = server.client()) {
            client.protocolVersion = "2025-06-18";
            client.initialize();
            JsonNode result = client.result("tools/call", Map.of("name", "slow", "arguments", args("rows", 200_000_000L)));
            assertThat(result.at("/structuredContent/result").asLong()).isPositive();
            assertThat(client.resumptions()).isZero();
        }
    }
}

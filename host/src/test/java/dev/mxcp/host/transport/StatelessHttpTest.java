package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stateless Streamable HTTP: no session ids, every request stands alone, GET and DELETE are 405. */
class StatelessHttpTest {

    @TempDir
    Path dir;

    @Test
    void requestsWorkWithoutInitializeOrSessionAndGetAndDeleteAre405() {
        HttpOptions stateless = new HttpOptions(true, List.of(), List.of(), HttpOptions.DEFAULT_MAX_REQUEST_BYTES, null);
        try (TestProject.Server server = TestProject.serve(TestProject.write(dir.resolve("project")), stateless);
             McpClient client = server.client()) {
            McpClient.Exchange init = client.exchange("POST", """
                    {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                     "capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""", Map.of());
            assertThat(init.status()).isEqualTo(200);
            assertThat(init.header("Mcp-Session-Id")).isNull();
            McpClient.Exchange call = client.exchange("POST", """
                    {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"greet","arguments":{"name":"x"}}}""",
                    Map.of("MCP-Protocol-Version", "2025-06-18"));
            assertThat(call.messages().getFirst().at("/result/content/0/text").asText()).isEqualTo("Hello, x!");
            assertThat(client.exchange("GET", null, Map.of()).status()).isEqualTo(405);
            assertThat(client.exchange("DELETE", null, Map.of()).status()).isEqualTo(405);
        }
    }
}

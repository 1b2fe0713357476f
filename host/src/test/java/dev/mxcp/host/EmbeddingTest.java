package dev.mxcp.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.base.MxcpException;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Helidon SE application with its own route and an MXCP project mounted beside it. */
class EmbeddingTest {

    @TempDir
    Path dir;

    @Test
    void anApplicationServesItsOwnRouteAndTheProjectOverMcpAndCallsToolsDirectly() throws Exception {
        Path project = Fixtures.project(dir.resolve("shop"));
        Fixtures.write(project, "tools/greet.yml", """
                mxcp: 1
                tool:
                  name: greet
                  description: Greets
                  parameters: [{name: name, type: string, description: Who}]
                  return: {type: string}
                  source: {code: "SELECT 'Hello, ' || $name || '!' AS greeting"}
                """);
        try (Mxcp mxcp = Mxcp.builder().project(project).environment(Fixtures.env(dir.resolve("home"))).build()) {
            WebServer app = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                    .routing(r -> r.get("/hello", (req, res) -> res.send("hi from the app"))
                            .register("/api/mcp", mxcp.httpService()))
                    .build().start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI base = URI.create("http://127.0.0.1:" + app.port());
                assertThat(http.send(HttpRequest.newBuilder(base.resolve("/hello")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("hi from the app");

                HttpResponse<String> initialize = http.send(HttpRequest.newBuilder(base.resolve("/api/mcp"))
                        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                                 "capabilities":{},"clientInfo":{"name":"app-test","version":"1"}}}"""))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(initialize.statusCode()).isEqualTo(200);
                assertThat(initialize.headers().firstValue("Mcp-Session-Id")).isPresent();
                assertThat(initialize.body()).contains("\"protocolVersion\":\"2025-06-18\"");

                assertThat(mxcp.call("greet", Map.of("name", "Helidon"))).isEqualTo("Hello, Helidon!");
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void callingAnUnknownToolIsAnMxcpException() {
        Path project = Fixtures.project(dir.resolve("empty"));
        try (Mxcp mxcp = Mxcp.builder().project(project).environment(Fixtures.env(dir.resolve("home"))).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> mxcp.call("nope", Map.of()))
                    .isInstanceOf(MxcpException.class).hasMessageContaining("unknown tool 'nope'");
        }
    }
}

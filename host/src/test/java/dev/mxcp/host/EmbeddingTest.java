package dev.mxcp.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.base.MxcpException;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
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

    /** The user configuration's transport.http applies to an embedded project as to mxcp serve (see ServeIT). */
    @Test
    void theUserConfigurationsAllowedOriginsAndHostsApplyAsUnderMxcpServe() {
        Path project = Fixtures.project(dir.resolve("shop"));
        Path userConfig = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                transport:
                  http:
                    allowed_origins: ["https://app.example.com"]
                    allowed_hosts: ["mcp.example.com"]
                """);
        Map<String, String> env = Fixtures.env(dir.resolve("home"), "MXCP_CONFIG", userConfig.toString());
        try (Mxcp mxcp = Mxcp.builder().project(project).environment(env).build()) {
            WebServer app = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                    .routing(r -> mxcp.mount(r, "/mcp")).build().start();
            try {
                int port = app.port();
                String local = "127.0.0.1:" + port;
                assertThat(Fixtures.post(port, "/mcp", local, "https://app.example.com", Fixtures.INITIALIZE))
                        .as("the configured origin").isEqualTo(200);
                assertThat(Fixtures.post(port, "/mcp", "mcp.example.com", null, Fixtures.INITIALIZE))
                        .as("the configured Host").isEqualTo(200);
                assertThat(Fixtures.post(port, "/mcp", local, "https://evil.example.com", Fixtures.INITIALIZE))
                        .as("an unknown origin").isEqualTo(403);
                assertThat(Fixtures.post(port, "/mcp", "rebind.example.net", null, Fixtures.INITIALIZE))
                        .as("an unknown Host on a loopback address (DNS rebinding)").isEqualTo(403);
                for (String probe : List.of("/metrics", "/health")) {
                    assertThat(Fixtures.get(port, probe, local)).as(probe).isEqualTo(200);
                    assertThat(Fixtures.get(port, probe, "mcp.example.com")).as(probe + " at the configured Host").isEqualTo(200);
                    assertThat(Fixtures.get(port, probe, "rebind.example.net")).as(probe + " at a rebound Host").isEqualTo(403);
                }
            } finally {
                app.stop();
            }
        }
    }

    /** A balancer's readiness check: /health turns 503 once draining begins, when /mcp refuses new calls too. */
    @Test
    void healthIsUnavailableWhileTheServerDrains() {
        Path project = Fixtures.project(dir.resolve("shop"));
        try (Mxcp mxcp = Mxcp.builder().project(project).environment(Fixtures.env(dir.resolve("home"))).build()) {
            WebServer app = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                    .routing(r -> mxcp.mount(r, "/mcp")).build().start();
            try {
                String local = "127.0.0.1:" + app.port();
                assertThat(Fixtures.get(app.port(), "/health", local)).isEqualTo(200);
                assertThat(mxcp.drain(java.time.Duration.ZERO)).isTrue();
                assertThat(Fixtures.get(app.port(), "/health", local)).isEqualTo(503);
                assertThat(Fixtures.post(app.port(), "/mcp", local, null, Fixtures.INITIALIZE)).isEqualTo(503);
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void explicitBuilderCallsWinOverTheUserConfiguration() {
        Path project = Fixtures.project(dir.resolve("shop"));
        Path userConfig = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                transport:
                  http: {stateless: true, allowed_hosts: [mcp.example.com]}
                  rate_limit: {tool_calls_per_second: 5}
                """);
        Map<String, String> env = Fixtures.env(dir.resolve("home"), "MXCP_CONFIG", userConfig.toString());
        try (Mxcp configured = Mxcp.builder().project(project).environment(env).build()) {
            assertThat(configured.settings().stateless()).isTrue();
            assertThat(configured.settings().toolCallsPerSecond()).isEqualTo(5);
            assertThat(configured.settings().drainTime()).isEqualTo(java.time.Duration.ofSeconds(30));
        }
        try (Mxcp explicit = Mxcp.builder().project(project).environment(env)
                .http(new dev.mxcp.host.transport.HttpOptions(false, java.util.List.of(), java.util.List.of("api.example.com"),
                        1024, null))
                .toolCallLimit(dev.mxcp.host.mcp.RateLimit.OFF).build()) {
            assertThat(explicit.settings().stateless()).isFalse();
            assertThat(explicit.settings().allowedHosts()).containsExactly("mcp.example.com", "api.example.com");
            assertThat(explicit.settings().maxRequestBytes()).isEqualTo(1024);
            assertThat(explicit.settings().limitsToolCalls()).isFalse();
        }
    }

    @Test
    void callingAnUnknownToolIsAnMxcpException() {
        Path project = Fixtures.project(dir.resolve("empty"));
        try (Mxcp mxcp = Mxcp.builder().project(project).environment(Fixtures.env(dir.resolve("home"))).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> mxcp.call("nope", Map.of()))
                    .isInstanceOf(MxcpException.class).hasMessageContaining("Endpoint 'nope' not found in tools");
        }
    }
}

package dev.mxcp.host.transport;

import static dev.mxcp.host.transport.TestProject.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Streamable HTTP transport on a real server: lifecycle, sessions, headers and HTTP status codes. */
class StreamableHttpTest {

    @TempDir
    Path dir;

    TestProject.Server server;
    McpClient client;

    @BeforeEach
    void start() {
        server = TestProject.serve(TestProject.write(dir.resolve("project")));
        client = server.client();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void initializeNegotiatesTheClientsVersionAndGivesASecureSessionId() {
        JsonNode result = client.initialize();
        assertThat(result.get("protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(result.at("/serverInfo/name").asText()).isEqualTo("demo");
        assertThat(result.at("/capabilities/tools/listChanged").asBoolean()).isTrue();
        assertThat(result.at("/capabilities/resources/subscribe").asBoolean()).isTrue();
        assertThat(result.path("capabilities").has("completions")).isTrue();
        assertThat(client.sessionId()).matches("[0-9a-f]{32}");
    }

    @Test
    void requestHeadersReachTheCallsSql() {
        client.initialize();
        String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"header\",\"arguments\":{\"name\":\"X-Tenant\"}}}";
        McpClient.Exchange exchange = client.exchange("POST", call, Map.of("X-Tenant", "acme"));
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.messages().getLast().at("/result/structuredContent/result").asText()).isEqualTo("acme");
    }

    @Test
    void anUnknownVersionIsAnsweredWithTheLatest() {
        client.protocolVersion = "2099-01-01";
        assertThat(client.initialize().get("protocolVersion").asText()).isEqualTo("2025-11-25");
    }

    @Test
    void anOlderVersionIsKeptAndGetsNoCompletionsCapability() {
        client.protocolVersion = "2024-11-05";
        JsonNode result = client.initialize();
        assertThat(result.get("protocolVersion").asText()).isEqualTo("2024-11-05");
        assertThat(result.path("capabilities").has("completions")).isFalse();
    }

    @Test
    void aFailedInitializeGivesNoSessionId() {
        McpClient.Exchange exchange = client.exchange("POST",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}", Map.of());
        assertThat(exchange.messages().getFirst().at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(exchange.header("Mcp-Session-Id")).isNull();
    }

    @Test
    void aRequestWithoutSessionIdIs400() {
        McpClient.Exchange exchange = client.exchange("POST", ping(), Map.of());
        assertThat(exchange.status()).isEqualTo(400);
    }

    @Test
    void anUnknownSessionIs404() {
        McpClient.Exchange exchange = client.exchange("POST", ping(), Map.of("Mcp-Session-Id", "nope"));
        assertThat(exchange.status()).isEqualTo(404);
    }

    @Test
    void deleteEndsTheSessionAndLaterRequestsGet404() {
        client.initialize();
        String session = client.sessionId();
        assertThat(client.exchange("DELETE", null, Map.of()).status()).isEqualTo(200);
        assertThat(client.exchange("POST", ping(), Map.of("Mcp-Session-Id", session)).status()).isEqualTo(404);
    }

    @Test
    void notificationsAndResponsesGet202WithoutBody() {
        client.initialize();
        McpClient.Exchange exchange = client.exchange("POST",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", Map.of());
        assertThat(exchange.status()).isEqualTo(202);
        assertThat(exchange.body()).isEmpty();
        McpClient.Exchange response = client.exchange("POST", "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{}}", Map.of());
        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void aForeignOriginIs403AndALocalOneIsServed() {
        McpClient.Exchange evil = client.exchange("POST", initialize(), Map.of("Origin", "http://evil.example.com"));
        assertThat(evil.status()).isEqualTo(403);
        McpClient.Exchange local = client.exchange("POST", initialize(), Map.of("Origin", "http://localhost:6274"));
        assertThat(local.status()).isEqualTo(200);
    }

    @Test
    void aForeignHostIs403OnALoopbackServer() throws Exception {
        // java.net.http will not send a Host header of our choosing: write the request by hand
        try (var socket = new java.net.Socket("127.0.0.1", server.endpoint().getPort())) {
            byte[] body = initialize().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST /mcp HTTP/1.1\r\nHost: evil.example.com\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            String status = new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 403");
        }
    }

    @Test
    void anUnsupportedProtocolVersionHeaderIs400() {
        client.initialize();
        McpClient.Exchange exchange = client.exchange("POST", ping(), Map.of("MCP-Protocol-Version", "1999-01-01"));
        assertThat(exchange.status()).isEqualTo(400);
    }

    @Test
    void anOlderSupportedVersionHeaderIsAccepted() {
        client.initialize();
        McpClient.Exchange exchange = client.exchange("POST", ping(), Map.of("MCP-Protocol-Version", "2025-03-26"));
        assertThat(exchange.status()).isEqualTo(200);
    }

    @Test
    void aClientThatDoesNotAcceptSseIs406() {
        McpClient.Exchange exchange = client.exchange("POST", initialize(), Map.of("Accept", "application/json"));
        assertThat(exchange.status()).isEqualTo(406);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}";
        assertThat(client.exchange("POST", big, Map.of()).status()).isEqualTo(413);
    }

    @Test
    void malformedJsonIsAParseError() {
        McpClient.Exchange exchange = client.exchange("POST", "{not json", Map.of());
        assertThat(exchange.status()).isEqualTo(400);
        assertThat(exchange.messages().getFirst().at("/error/code").asInt()).isEqualTo(-32700);
    }

    @Test
    void aBatchIsAnInvalidRequest() {
        McpClient.Exchange exchange = client.exchange("POST", "[" + initialize() + "]", Map.of());
        assertThat(exchange.messages().getFirst().at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void aNullIdIsAnInvalidRequest() {
        McpClient.Exchange exchange = client.exchange("POST", "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", Map.of());
        assertThat(exchange.messages().getFirst().at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void anUnknownMethodIsMethodNotFound() {
        client.initialize();
        assertThat(client.error("tools/explode", Map.of()).get("code").asInt()).isEqualTo(-32601);
    }

    @Test
    void pingAnswersAnEmptyResult() {
        client.initialize();
        assertThat(client.result("ping", Map.of()).isEmpty()).isTrue();
    }

    @Test
    void putAndPatchAre405() {
        assertThat(client.exchange("PUT", ping(), Map.of()).status()).isEqualTo(405);
    }

    @Test
    void getOpensTheSessionsStreamWhichCarriesListChanged() throws Exception {
        client.initialize();
        var lines = openGetStream();
        dev.mxcp.host.Fixtures.write(dir.resolve("project"), "tools/added.yml", """
                mxcp: 1
                tool:
                  name: added
                  description: Appears while serving
                  source: {code: SELECT 1 AS one}
                """);
        assertThat(nextData(lines)).contains("notifications/tools/list_changed");
        assertThat(client.result("tools/list", Map.of()).get("tools").findValuesAsText("name")).contains("added");
    }

    @Test
    void aSubscriberHearsWhenItsResourceChanges() throws Exception {
        client.initialize();
        client.result("resources/subscribe", Map.of("uri", "note://text"));
        var lines = openGetStream();
        dev.mxcp.host.Fixtures.write(dir.resolve("project"), "resources/text.yml", """
                mxcp: 1
                resource:
                  uri: note://text
                  description: A text note
                  mime_type: text/plain
                  return: {type: string}
                  source:
                    code: SELECT 'new text' AS t
                """);
        assertThat(nextData(lines)).contains("notifications/resources/updated").contains("note://text");
        assertThat(client.result("resources/read", Map.of("uri", "note://text")).at("/contents/0/text").asText())
                .isEqualTo("new text");
    }

    /** Opens the session's GET stream; its lines arrive in the returned queue. */
    private java.util.concurrent.BlockingQueue<String> openGetStream() throws InterruptedException {
        var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
        var request = java.net.http.HttpRequest.newBuilder(server.endpoint()).GET()
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", client.sessionId()).build();
        java.net.http.HttpClient.newHttpClient().sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines())
                // Async: when the response is already there, thenAccept would read the endless stream right here.
                .thenAcceptAsync(r -> r.body().forEach(lines::add));
        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).startsWith(": stream open");
        return lines;
    }

    /** The next data line of an SSE stream, waiting up to 20 seconds (the file watcher is not instant). */
    private static String nextData(java.util.concurrent.BlockingQueue<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (line != null && line.startsWith("data: ")) {
                return line;
            }
        }
        throw new AssertionError("no event within 20 s");
    }

    @Test
    void aSecondGetStreamForTheSameSessionIs409() throws Exception {
        client.initialize();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(server.endpoint()).GET()
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", client.sessionId()).build();
        var first = http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(409);
        first.get().body().close();
    }

    private static String ping() {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
    }

    private static String initialize() {
        return dev.mxcp.host.json.Json.write(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params",
                Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "t", "version", "1"))));
    }

    static List<String> names(JsonNode list, String key) {
        return list.get(key).findValuesAsText("name");
    }

    static Map<String, Object> noArgs() {
        return args();
    }
}

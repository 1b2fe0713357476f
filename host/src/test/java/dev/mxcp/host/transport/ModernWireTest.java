package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 2026-07-28 wire on the same /mcp endpoint as legacy sessions: each request carries its version and
 * capabilities in {@code _meta}, needs no initialize, and gets the modern errors with their HTTP statuses.
 */
class ModernWireTest {

    static final String MODERN = "2026-07-28";

    @TempDir
    static Path dir;

    static TestProject.Server server;
    static McpClient client;

    @BeforeAll
    static void start() {
        Path project = TestProject.write(dir.resolve("project"));
        writeGuestTools(project);
        server = TestProject.serve(project);
        client = server.client();
    }

    /** JS tools that ask the client's model and that log. */
    static void writeGuestTools(Path project) {
        Fixtures.write(project, "tools/ask_model.yml", """
                mxcp: 1
                tool:
                  name: ask_model
                  description: Asks the client's model
                  language: javascript
                  source:
                    file: ../js/guest.mjs
                """);
        Fixtures.write(project, "tools/chatty.yml", """
                mxcp: 1
                tool:
                  name: chatty
                  description: Logs at debug and info
                  language: javascript
                  source:
                    file: ../js/guest.mjs
                """);
        Fixtures.write(project, "js/guest.mjs", """
                import { mcp } from "mxcp:runtime";
                export async function ask_model() {
                  const reply = await mcp.sample("Say hello", { maxTokens: 10 });
                  return reply.text;
                }
                export async function chatty() {
                  await mcp.debug("a debug line");
                  await mcp.info("an info line");
                  return "done";
                }
                """);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static Map<String, Object> meta(String version, Map<String, Object> capabilities) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("io.modelcontextprotocol/protocolVersion", version);
        meta.put("io.modelcontextprotocol/clientInfo", Map.of("name", "modern-test", "version", "1"));
        meta.put("io.modelcontextprotocol/clientCapabilities", capabilities);
        return meta;
    }

    static String body(long id, String method, Map<String, Object> params) {
        return Json.write(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
    }

    /** A well-formed modern request: _meta, MCP-Protocol-Version, Mcp-Method and Mcp-Name as the spec says. */
    static McpClient.Exchange modern(long id, String method, Map<String, Object> params) {
        return modern(client, id, method, params, Map.of(), Map.of());
    }

    /**
     * A well-formed modern request of {@code client}, declaring {@code capabilities} (unless {@code params} has
     * its own {@code _meta}), with {@code extraHeaders} besides the spec's (Mcp-Name from the name, URI or task id).
     */
    static McpClient.Exchange modern(McpClient client, long id, String method, Map<String, Object> params,
                                     Map<String, Object> capabilities, Map<String, String> extraHeaders) {
        Map<String, Object> withMeta = new LinkedHashMap<>(params);
        withMeta.putIfAbsent("_meta", meta(MODERN, capabilities));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("MCP-Protocol-Version", MODERN);
        headers.put("Mcp-Method", method);
        Object name = params.containsKey("uri") ? params.get("uri")
                : params.containsKey("taskId") ? params.get("taskId") : params.get("name");
        if (name != null) {
            headers.put("Mcp-Name", (String) name);
        }
        headers.putAll(extraHeaders);
        return client.exchange("POST", body(id, method, withMeta), headers);
    }

    static JsonNode only(McpClient.Exchange exchange) {
        assertThat(exchange.messages()).as(exchange.body()).hasSize(1);
        return exchange.messages().getFirst();
    }

    @Test
    void discoverNamesBothErasTheCapabilitiesAndTheServer() {
        McpClient.Exchange exchange = modern(1, "server/discover", Map.of());
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.header("Mcp-Session-Id")).isNull();
        JsonNode result = only(exchange).get("result");
        assertThat(result.get("supportedVersions")).extracting(JsonNode::asText).contains(MODERN, "2025-11-25");
        assertThat(result.at("/capabilities/tools").isObject()).isTrue();
        assertThat(result.get("resultType").asText()).isEqualTo("complete");
        assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asText()).isNotEmpty();
        assertThat(result.get("ttlMs").asLong()).isNotNegative();
        assertThat(result.get("cacheScope").asText()).isEqualTo("public");
    }

    @Test
    void requestsWorkWithoutInitializeAndCarryResultTypeServerInfoAndCachingHints() {
        JsonNode call = only(modern(2, "tools/call", Map.of("name", "greet", "arguments", Map.of("name", "x"))))
                .get("result");
        assertThat(call.at("/content/0/text").asText()).isEqualTo("Hello, x!");
        assertThat(call.get("resultType").asText()).isEqualTo("complete");
        assertThat(call.has("ttlMs")).isFalse();
        assertThat(call.at("/_meta/io.modelcontextprotocol~1serverInfo/version").isTextual()).isTrue();
        for (String list : new String[] {"tools/list", "prompts/list", "resources/list", "resources/templates/list"}) {
            JsonNode result = only(modern(3, list, Map.of())).get("result");
            assertThat(result.get("resultType").asText()).as(list).isEqualTo("complete");
            assertThat(result.get("ttlMs").isIntegralNumber()).as(list).isTrue();
            assertThat(result.get("cacheScope").asText()).as(list).isIn("public", "private");
        }
        JsonNode read = only(modern(4, "resources/read", Map.of("uri", "note://text"))).get("result");
        assertThat(read.get("contents")).isNotEmpty();
        assertThat(read.get("ttlMs").asLong()).isZero();
    }

    @Test
    void missingMetaOrItsRequiredFieldsIsInvalidParamsWith400AndTheId() {
        McpClient.Exchange noMeta = client.exchange("POST", body(101, "server/discover", Map.of()),
                Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "server/discover"));
        assertThat(noMeta.status()).isEqualTo(400);
        assertThat(only(noMeta).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(only(noMeta).get("id").asLong()).isEqualTo(101);

        Map<String, Object> noCapabilities = new LinkedHashMap<>(meta(MODERN, Map.of()));
        noCapabilities.remove("io.modelcontextprotocol/clientCapabilities");
        McpClient.Exchange exchange = modern(102, "server/discover", Map.of("_meta", noCapabilities));
        assertThat(exchange.status()).isEqualTo(400);
        assertThat(only(exchange).at("/error/code").asInt()).isEqualTo(-32602);

        Map<String, Object> noClientInfo = new LinkedHashMap<>(meta(MODERN, Map.of()));
        noClientInfo.remove("io.modelcontextprotocol/clientInfo");
        assertThat(modern(103, "server/discover", Map.of("_meta", noClientInfo)).status()).isEqualTo(200);
    }

    @Test
    void anUnsupportedVersionIs32022WithTheSupportedListAnd400() {
        McpClient.Exchange exchange = client.exchange("POST", body(301, "server/discover",
                Map.of("_meta", meta("2099-01-01", Map.of()))),
                Map.of("MCP-Protocol-Version", "2099-01-01", "Mcp-Method", "server/discover"));
        assertThat(exchange.status()).isEqualTo(400);
        JsonNode error = only(exchange).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32022);
        assertThat(error.at("/data/supported")).extracting(JsonNode::asText).contains(MODERN, "2025-11-25");
        assertThat(error.at("/data/requested").asText()).isEqualTo("2099-01-01");
        assertThat(only(exchange).get("id").asLong()).isEqualTo(301);
    }

    @Test
    void headersThatDisagreeWithTheBodyAre32020With400() {
        McpClient.Exchange version = client.exchange("POST", body(302, "server/discover",
                Map.of("_meta", meta("2099-01-01", Map.of()))),
                Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "server/discover"));
        assertThat(version.status()).isEqualTo(400);
        assertThat(only(version).at("/error/code").asInt()).isEqualTo(-32020);
        assertThat(only(version).get("id").asLong()).isEqualTo(302);

        String call = body(303, "tools/call", Map.of("name", "greet", "arguments", Map.of("name", "x"),
                "_meta", meta(MODERN, Map.of())));
        for (Map<String, String> headers : java.util.List.of(
                Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/list", "Mcp-Name", "greet"),
                Map.of("MCP-Protocol-Version", MODERN, "Mcp-Name", "greet"),
                Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/call", "Mcp-Name", "echo"),
                Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/call"),
                Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "TOOLS/CALL", "Mcp-Name", "greet"),
                Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/call", "Mcp-Name", "=?base64?not*base64?="))) {
            McpClient.Exchange exchange = client.exchange("POST", call, headers);
            assertThat(exchange.status()).as(headers.toString()).isEqualTo(400);
            assertThat(only(exchange).at("/error/code").asInt()).as(headers.toString()).isEqualTo(-32020);
        }
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("greet".getBytes(StandardCharsets.UTF_8)) + "?=";
        McpClient.Exchange sentinel = client.exchange("POST", call,
                Map.of("MCP-Protocol-Version", MODERN, "mcp-method", " tools/call ", "Mcp-Name", encoded));
        assertThat(sentinel.status()).isEqualTo(200);
        assertThat(only(sentinel).at("/result/content/0/text").asText()).isEqualTo("Hello, x!");
    }

    @Test
    void removedAndUnknownMethodsAre32601With404() {
        for (String method : new String[] {"initialize", "ping", "logging/setLevel", "resources/subscribe",
                "resources/unsubscribe", "unknown/method"}) {
            McpClient.Exchange exchange = modern(500, method, Map.of());
            assertThat(exchange.status()).as(method).isEqualTo(404);
            assertThat(only(exchange).at("/error/code").asInt()).as(method).isEqualTo(-32601);
            assertThat(only(exchange).get("id").asLong()).as(method).isEqualTo(500);
        }
    }

    @Test
    void getAndDeleteAre405ForModernClients() {
        Map<String, String> headers = Map.of("MCP-Protocol-Version", MODERN, "Accept", "text/event-stream");
        assertThat(client.exchange("GET", null, headers).status()).isEqualTo(405);
        assertThat(client.exchange("DELETE", null, headers).status()).isEqualTo(405);
    }

    @Test
    void resourceNotFoundIsInvalidParamsWithTheUriInTheModernEraAndStays32002ForSessions() {
        McpClient.Exchange exchange = modern(6, "resources/read", Map.of("uri", "note://missing"));
        assertThat(only(exchange).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(only(exchange).at("/error/data/uri").asText()).isEqualTo("note://missing");

        try (McpClient legacy = server.client()) {
            legacy.initialize();
            assertThat(legacy.error("resources/read", Map.of("uri", "note://missing")).get("code").asInt())
                    .isEqualTo(-32002);
            JsonNode list = legacy.result("tools/list", Map.of());
            assertThat(list.has("resultType")).isFalse();
            assertThat(list.has("ttlMs")).isFalse();
        }
    }

    @Test
    void askingForACapabilityTheRequestDidNotDeclareIs32021With400() {
        McpClient.Exchange exchange = modern(401, "tools/call", Map.of("name", "ask_model", "arguments", Map.of()));
        assertThat(exchange.status()).isEqualTo(400);
        JsonNode error = only(exchange).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32021);
        assertThat(error.at("/data/requiredCapabilities/sampling").isObject()).isTrue();
        assertThat(only(exchange).get("id").asLong()).isEqualTo(401);
    }

    @Test
    void logMessagesOnlyWhenTheRequestSetsALogLevel() {
        McpClient.Exchange quiet = modern(7, "tools/call", Map.of("name", "chatty", "arguments", Map.of()));
        assertThat(only(quiet).at("/result/content/0/text").asText()).isEqualTo("done");
        assertThat(quiet.body()).doesNotContain("notifications/message");

        Map<String, Object> meta = new LinkedHashMap<>(meta(MODERN, Map.of()));
        meta.put("io.modelcontextprotocol/logLevel", "info");
        McpClient.Exchange logged = modern(8, "tools/call", Map.of("name", "chatty", "arguments", Map.of(),
                "_meta", meta));
        assertThat(logged.body()).contains("an info line").doesNotContain("a debug line");
        assertThat(logged.header("Content-Type")).startsWith("text/event-stream");
        assertThat(logged.header("X-Accel-Buffering")).isEqualTo("no");
        assertThat(logged.body()).doesNotContain("id: "); // no resumption in 2026-07-28: no event ids
        assertThat(only(logged).at("/result/content/0/text").asText()).isEqualTo("done");
    }
}

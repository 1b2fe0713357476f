package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random and mutated messages against a live server: every answer is a well-formed HTTP status
 * the spec allows (never 500), every JSON body is a JSON-RPC message without a stack trace, and the server
 * still answers correctly afterwards.
 */
class FuzzTest {

    private static final int MESSAGES = 3000;
    private static final long SEED = 5L;
    private static final Set<Integer> ALLOWED = Set.of(200, 202, 400, 404, 406, 413, 415);
    private static final List<String> SEEDS = List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\",\"count\":3}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/list\",\"params\":{\"cursor\":\"bXhjcDow\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{\"uri\":\"note://items/7\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"ask\",\"arguments\":{\"topic\":\"sql\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"ask\"},\"argument\":{\"name\":\"topic\",\"value\":\"s\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"info\"}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"mxcp-1\",\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"note://text\"}}");
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"sampling\":{}},\"io.modelcontextprotocol/logLevel\":\"debug\"}";
    /** 2026-07-28 requests: sent outside any session, with the headers derived from the (mutated) body. */
    private static final List<String> MODERN_SEEDS = List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}," + META + "}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"d\",\"method\":\"server/discover\",\"params\":{" + META + "}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{\"uri\":\"note://items/7\"," + META + "}}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"ask\",\"arguments\":{\"topic\":\"sql\"}," + META + "}}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\",\"params\":{" + META + "}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1," + META + "}}");
    private static final List<String> ODD_VALUES = List.of("null", "true", "-1", "1e309", "\"\"", "[]", "{}",
            "\"\\u0000\"", "\"note://items/%zz\"", "99999999999999999999999", "[[[[[[[[[[]]]]]]]]]]", "\"ñ😀\"",
            "{\"$ref\":\"#\"}", "0.1", "\"tools/call\"");

    @TempDir
    Path dir;

    @Test
    void theServerSurvivesRandomAndMutatedMessages() throws Exception {
        // Hundreds of tool calls a second from one session: the rate limit would refuse some (RateLimitTest).
        Fixtures.write(dir.resolve("home"), ".mxcp/config.yml", "mxcp: 1\ntransport:\n  rate_limit:\n    enabled: false\n");
        try (TestProject.Server server = TestProject.serve(TestProject.write(dir.resolve("project")));
             McpClient client = server.client()) {
            client.initialize();
            Random random = new Random(SEED);
            long deadline = System.nanoTime() + 120_000_000_000L;
            for (int i = 0; i < MESSAGES && System.nanoTime() < deadline; i++) {
                String message = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
                McpClient.Exchange exchange = client.exchange("POST", message, Map.of());
                assertThat(exchange.status()).as("status for %s", message).isIn(ALLOWED);
                for (JsonNode answer : exchange.messages()) {
                    assertThat(answer.get("jsonrpc").asText()).as(message).isEqualTo("2.0");
                    assertThat(answer.toString()).as(message).doesNotContain("Exception", "\\tat ", "Internal error");
                }
            }
            try (McpClient modern = server.client()) {
                for (int i = 0; i < MESSAGES / 2 && System.nanoTime() < deadline; i++) {
                    String message = mutate(MODERN_SEEDS.get(random.nextInt(MODERN_SEEDS.size())), random);
                    McpClient.Exchange exchange = modern.exchange("POST", message, modernHeaders(message));
                    assertThat(exchange.status()).as("status for %s", message).isIn(ALLOWED);
                    for (JsonNode answer : exchange.messages()) {
                        assertThat(answer.get("jsonrpc").asText()).as(message).isEqualTo("2.0");
                        assertThat(answer.toString()).as(message).doesNotContain("Exception", "\\tat ", "Internal error");
                    }
                }
            }
            JsonNode result = client.result("tools/call", Map.of("name", "greet", "arguments", Map.of("name", "still here")));
            assertThat(result.at("/content/0/text").asText()).isEqualTo("Hello, still here!");
            try (McpClient fresh = server.client()) {
                assertThat(fresh.initialize().get("protocolVersion").asText()).isEqualTo("2025-11-25");
            }
        }
    }

    /** The headers a modern client would send for {@code message}, as far as it still parses. */
    private static Map<String, String> modernHeaders(String message) {
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("MCP-Protocol-Version", "2026-07-28");
        try {
            JsonNode tree = Json.parse(message);
            JsonNode method = tree.path("method");
            if (method.isTextual() && method.textValue().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                headers.put("Mcp-Method", method.textValue());
            }
            JsonNode name = tree.path("params").has("uri") ? tree.path("params").path("uri") : tree.path("params").path("name");
            if (name.isTextual()) {
                headers.put("Mcp-Name", "=?base64?" + java.util.Base64.getEncoder()
                        .encodeToString(name.textValue().getBytes(StandardCharsets.UTF_8)) + "?=");
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON any more: the server answers the body, whatever the headers
        }
        return headers;
    }

    private static String mutate(String seed, Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> flipBytes(seed, random);
            case 1 -> seed.substring(0, random.nextInt(seed.length()));
            case 2 -> replaceValue(seed, random);
            case 3 -> replaceValue(replaceValue(seed, random), random);
            case 4 -> randomJson(random, 4);
            default -> seed.replace("\"method\":\"", "\"method\":\"" + (char) ('a' + random.nextInt(26)));
        };
    }

    private static String flipBytes(String seed, Random random) {
        byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Swaps one JSON value of the seed for an odd one, keeping the rest valid. */
    private static String replaceValue(String seed, Random random) {
        try {
            JsonNode tree = Json.parse(seed);
            List<String> paths = new java.util.ArrayList<>();
            collect(tree, "", paths);
            String path = paths.get(random.nextInt(paths.size()));
            String text = tree.toString();
            JsonNode target = tree.at(path);
            String odd = ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
            return text.replaceFirst(java.util.regex.Pattern.quote(target.toString()),
                    java.util.regex.Matcher.quoteReplacement(odd));
        } catch (java.io.IOException e) {
            return seed;
        }
    }

    private static void collect(JsonNode node, String path, List<String> paths) {
        if (!path.isEmpty()) {
            paths.add(path);
        }
        node.properties().forEach(e -> collect(e.getValue(), path + "/" + e.getKey(), paths));
    }

    private static String randomJson(Random random, int depth) {
        int kind = depth == 0 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
            case 1 -> Integer.toString(random.nextInt());
            case 2 -> "\"" + Long.toHexString(random.nextLong()) + "\"";
            case 3 -> "false";
            case 4 -> "[" + randomJson(random, depth - 1) + "," + randomJson(random, depth - 1) + "]";
            default -> "{\"jsonrpc\":\"2.0\",\"id\":" + randomJson(random, depth - 1) + ",\"method\":"
                    + randomJson(random, depth - 1) + ",\"params\":" + randomJson(random, depth - 1) + "}";
        };
    }
}

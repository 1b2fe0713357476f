package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2026-07-28 {@code subscriptions/listen} over real HTTP: the acknowledgement first, then only the notifications
 * the filter asked for, as endpoint files change under the file watcher, each tagged with the subscription id;
 * a drain ends the stream with the listen request's result.
 */
class SubscriptionsListenTest {

    @TempDir
    static Path dir;

    static TestProject.Server server;
    static Path project;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        project = TestProject.write(dir.resolve("project"));
        server = TestProject.serve(project);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theAcknowledgementComesFirstAndEveryNotificationCarriesTheSubscriptionId() throws Exception {
        BlockingQueue<String> tools = listen(server, "\"tools-1\"", Map.of("toolsListChanged", true,
                "resourceSubscriptions", java.util.List.of("note://text")));
        BlockingQueue<String> prompts = listen(server, "7", Map.of("promptsListChanged", true));

        JsonNode ack = next(tools);
        assertThat(ack.path("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
        assertThat(ack.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asText()).isEqualTo("tools-1");
        assertThat(ack.at("/params/notifications/toolsListChanged").asBoolean()).isTrue();
        assertThat(ack.at("/params/notifications/resourceSubscriptions/0").asText()).isEqualTo("note://text");
        assertThat(ack.at("/params/notifications").has("promptsListChanged")).isFalse();
        JsonNode promptsAck = next(prompts);
        assertThat(promptsAck.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asInt()).isEqualTo(7);
        assertThat(promptsAck.at("/params/notifications").toString()).isEqualTo("{\"promptsListChanged\":true}");

        Fixtures.write(project, "tools/added.yml", """
                mxcp: 1
                tool:
                  name: added
                  description: Appears while serving
                  source: {code: SELECT 1 AS one}
                """);
        JsonNode changed = next(tools);
        assertThat(changed.path("method").asText()).isEqualTo("notifications/tools/list_changed");
        assertThat(changed.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asText()).isEqualTo("tools-1");

        Fixtures.write(project, "resources/text.yml", """
                mxcp: 1
                resource:
                  uri: note://text
                  description: A text note
                  mime_type: text/plain
                  return: {type: string}
                  source:
                    code: SELECT 'new text' AS t
                """);
        JsonNode updated = next(tools);
        assertThat(updated.path("method").asText()).isEqualTo("notifications/resources/updated");
        assertThat(updated.at("/params/uri").asText()).isEqualTo("note://text");
        assertThat(updated.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asText()).isEqualTo("tools-1");

        Fixtures.write(project, "prompts/added.yml", """
                mxcp: 1
                prompt:
                  name: added_prompt
                  description: Appears while serving
                  messages:
                    - {prompt: "Hello"}
                """);
        // the tool and resource changes before it were not asked for on this stream: this is its first notification
        JsonNode promptsChanged = next(prompts);
        assertThat(promptsChanged.path("method").asText()).isEqualTo("notifications/prompts/list_changed");
        assertThat(promptsChanged.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asInt()).isEqualTo(7);
    }

    @Test
    void aListenWithoutAFilterIsInvalidParams() throws Exception {
        HttpResponse<String> res = HTTP.send(request(server, "1", null), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(Json.parse(res.body()).at("/error/code").asInt()).isEqualTo(-32602);
    }

    @Test
    void aLegacySessionDoesNotKnowTheMethod() {
        try (McpClient client = server.client()) {
            client.initialize();
            JsonNode reply = client.request("subscriptions/listen", Map.of("notifications", Map.of()));
            assertThat(reply.at("/error/code").asInt()).isEqualTo(-32601);
        }
    }

    @Test
    void aDrainEndsTheStreamWithTheListenResult() throws Exception {
        try (TestProject.Server own = TestProject.serve(TestProject.write(dir.resolve("drained")))) {
            BlockingQueue<String> lines = listen(own, "\"d\"", Map.of("toolsListChanged", true));
            assertThat(next(lines).path("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
            assertThat(own.mxcp().drain(Duration.ofSeconds(30))).as("the stream did not hold the drain up").isTrue();
            JsonNode result = next(lines);
            assertThat(result.path("id").asText()).isEqualTo("d");
            assertThat(result.at("/result/resultType").asText()).isEqualTo("complete");
            assertThat(result.at("/result/_meta/io.modelcontextprotocol~1subscriptionId").asText()).isEqualTo("d");
        }
    }

    /** On stdio the stream is the process's output: the acknowledgement, then the result when the input ends. */
    @Test
    void overStdioTheEndOfInputEndsTheSubscriptionWithItsResult() throws Exception {
        try (TestProject.Server own = TestProject.serve(TestProject.write(dir.resolve("stdio")))) {
            McpClient client = TestProject.stdio(own.mxcp());
            java.util.concurrent.CompletableFuture<JsonNode> response = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> client.request(40, "subscriptions/listen", Map.of(
                            "_meta", ModernWireTest.meta(ModernWireTest.MODERN, Map.of()),
                            "notifications", Map.of("resourcesListChanged", true))),
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (client.notifications("notifications/subscriptions/acknowledged").isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            JsonNode ack = client.notifications("notifications/subscriptions/acknowledged").getFirst();
            assertThat(ack.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asInt()).isEqualTo(40);
            assertThat(response).isNotDone();
            client.close();
            JsonNode result = response.get(30, TimeUnit.SECONDS);
            assertThat(result.at("/result/_meta/io.modelcontextprotocol~1subscriptionId").asInt()).isEqualTo(40);
            assertThat(result.at("/result/resultType").asText()).isEqualTo("complete");
        }
    }

    /** A modern subscriptions/listen request with {@code filter} (none: no notifications parameter). */
    private static HttpRequest request(TestProject.Server target, String id, Map<String, Object> filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("_meta", ModernWireTest.meta(ModernWireTest.MODERN, Map.of()));
        if (filter != null) {
            params.put("notifications", filter);
        }
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"subscriptions/listen\",\"params\":"
                + Json.write(params) + "}";
        return HttpRequest.newBuilder(target.endpoint()).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", ModernWireTest.MODERN).header("Mcp-Method", "subscriptions/listen")
                .build();
    }

    /** Opens a listen stream; its SSE lines arrive in the returned queue. */
    private static BlockingQueue<String> listen(TestProject.Server target, String id, Map<String, Object> filter) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HTTP.sendAsync(request(target, id, filter), HttpResponse.BodyHandlers.ofLines())
                // Async: when the response is already there, thenAccept would read the endless stream right here.
                .thenAcceptAsync(r -> {
                    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                            type -> assertThat(type).startsWith("text/event-stream"));
                    r.body().forEach(lines::add);
                });
        return lines;
    }

    /** The next message of an SSE stream, waiting up to 20 seconds (the file watcher is not instant). */
    private static JsonNode next(BlockingQueue<String> lines) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("data: ")) {
                return Json.parse(line.substring("data: ".length()));
            }
        }
        throw new AssertionError("no event within 20 s");
    }
}

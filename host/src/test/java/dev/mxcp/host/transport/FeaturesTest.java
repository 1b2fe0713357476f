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

/** Tools, resources, prompts, completion and logging over Streamable HTTP, as the spec describes them. */
class FeaturesTest {

    @TempDir
    Path dir;

    TestProject.Server server;
    McpClient client;

    @BeforeEach
    void start() {
        server = TestProject.serve(TestProject.write(dir.resolve("project")));
        client = server.client();
        client.initialize();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void toolsListHasSchemasAndAnnotations() {
        JsonNode echo = tool("echo");
        assertThat(echo.get("description").asText()).isEqualTo("Echoes its arguments");
        assertThat(echo.get("title").asText()).isEqualTo("Echo");
        assertThat(echo.at("/inputSchema/type").asText()).isEqualTo("object");
        assertThat(echo.at("/inputSchema/required").toString()).isEqualTo("[\"text\"]");
        assertThat(echo.at("/outputSchema/properties/text").isObject()).isTrue();
        assertThat(echo.at("/annotations/readOnlyHint").asBoolean()).isTrue();
    }

    @Test
    void anObjectResultIsStructuredContentWithATextMirror() throws Exception {
        JsonNode result = client.result("tools/call", Map.of("name", "echo", "arguments", args("text", "hi", "count", 2)));
        assertThat(result.path("isError").asBoolean()).isFalse();
        assertThat(result.get("structuredContent").toString()).isEqualTo("{\"text\":\"hi\",\"count\":2}");
        assertThat(dev.mxcp.host.json.Json.parse(result.at("/content/0/text").asText()))
                .isEqualTo(result.get("structuredContent"));
    }

    @Test
    void aScalarResultIsWrappedAndAStringIsItsOwnText() {
        JsonNode result = client.result("tools/call", Map.of("name", "greet", "arguments", args("name", "Ada")));
        assertThat(result.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(result.at("/content/0/text").asText()).isEqualTo("Hello, Ada!");
        assertThat(result.at("/structuredContent/result").asText()).isEqualTo("Hello, Ada!");
    }

    @Test
    void aLongQueryWithAProgressTokenAnswersAsAnSseStreamWithIncreasingProgress() {
        String call = dev.mxcp.host.json.Json.write(Map.of("jsonrpc", "2.0", "id", 40, "method", "tools/call", "params",
                Map.of("name", "slow", "arguments", args("rows", 400_000_000L), "_meta", Map.of("progressToken", "p-1"))));
        McpClient.Exchange exchange = client.exchange("POST", call, Map.of());
        assertThat(exchange.header("Content-Type")).startsWith("text/event-stream");
        assertThat(exchange.body()).startsWith("id: ").contains("\ndata: \n"); // the priming event comes first
        List<JsonNode> progress = client.notifications("notifications/progress");
        assertThat(progress).isNotEmpty().allSatisfy(p -> assertThat(p.at("/params/progressToken").asText()).isEqualTo("p-1"));
        List<Double> values = progress.stream().map(p -> p.at("/params/progress").asDouble()).toList();
        assertThat(values).isSorted().doesNotHaveDuplicates();
        assertThat(exchange.messages().getLast().at("/result/structuredContent/result").asLong()).isPositive();
    }

    @Test
    void theSameCallWithoutAProgressTokenAnswersPlainJson() {
        McpClient.Exchange exchange = client.exchange("POST", dev.mxcp.host.json.Json.write(Map.of("jsonrpc", "2.0",
                "id", 41, "method", "tools/call", "params", Map.of("name", "slow", "arguments", args("rows", 100_000_000L)))),
                Map.of());
        assertThat(exchange.header("Content-Type")).startsWith("application/json");
        assertThat(client.notifications).isEmpty();
    }

    @Test
    void invalidArgumentsAreAToolErrorTheModelCanRead() {
        JsonNode result = client.result("tools/call", Map.of("name", "echo", "arguments", args("text", "")));
        assertThat(result.get("isError").asBoolean()).isTrue();
        assertThat(result.at("/content/0/text").asText()).contains("text");
    }

    @Test
    void aFailingQueryIsAToolError() {
        JsonNode result = client.result("tools/call", Map.of("name", "fail"));
        assertThat(result.get("isError").asBoolean()).isTrue();
        assertThat(result.at("/content/0/text").asText()).contains("boom");
    }

    @Test
    void anUnknownToolIsInvalidParams() {
        assertThat(client.error("tools/call", Map.of("name", "nope")).get("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void argumentsThatAreNotAnObjectAreInvalidParams() {
        assertThat(client.error("tools/call", Map.of("name", "echo", "arguments", "x")).get("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void resourcesAndTemplatesAreListedApart() {
        assertThat(client.result("resources/list", Map.of()).get("resources").findValuesAsText("uri"))
                .containsExactlyInAnyOrder("note://text", "note://blob");
        assertThat(client.result("resources/templates/list", Map.of()).get("resourceTemplates").findValuesAsText("uriTemplate"))
                .containsExactly("note://items/{id}");
    }

    @Test
    void aTextResourceReadsAsText() {
        JsonNode contents = client.result("resources/read", Map.of("uri", "note://text")).at("/contents/0");
        assertThat(contents.get("uri").asText()).isEqualTo("note://text");
        assertThat(contents.get("mimeType").asText()).isEqualTo("text/plain");
        assertThat(contents.get("text").asText()).isEqualTo("plain text");
    }

    @Test
    void bytesReadAsABase64Blob() {
        JsonNode contents = client.result("resources/read", Map.of("uri", "note://blob")).at("/contents/0");
        assertThat(contents.get("blob").asText()).isEqualTo("AAEC");
        assertThat(contents.has("text")).isFalse();
    }

    @Test
    void aTemplateReadTakesItsVariablesAsArguments() {
        JsonNode contents = client.result("resources/read", Map.of("uri", "note://items/42")).at("/contents/0");
        assertThat(contents.get("mimeType").asText()).isEqualTo("application/json");
        assertThat(contents.get("text").asText()).isEqualTo("{\"id\":42}");
    }

    @Test
    void anUnknownResourceIsResourceNotFound() {
        JsonNode error = client.error("resources/read", Map.of("uri", "note://missing"));
        assertThat(error.get("code").asInt()).isEqualTo(-32002);
        assertThat(error.at("/data/uri").asText()).isEqualTo("note://missing");
    }

    @Test
    void subscribeNeedsAnExistingResourceAndUnsubscribeAlwaysWorks() {
        assertThat(client.result("resources/subscribe", Map.of("uri", "note://text")).isEmpty()).isTrue();
        assertThat(client.error("resources/subscribe", Map.of("uri", "note://nope")).get("code").asInt()).isEqualTo(-32002);
        assertThat(client.result("resources/unsubscribe", Map.of("uri", "note://text")).isEmpty()).isTrue();
    }

    @Test
    void promptsListTheirArguments() {
        JsonNode ask = client.result("prompts/list", Map.of()).get("prompts").findParents("name").stream()
                .filter(p -> p.get("name").asText().equals("ask")).findFirst().orElseThrow();
        assertThat(ask.get("name").asText()).isEqualTo("ask");
        assertThat(ask.at("/arguments/0/name").asText()).isEqualTo("topic");
        assertThat(ask.at("/arguments/0/required").asBoolean()).isTrue();
    }

    @Test
    void aPromptRendersAsMcpMessages() {
        JsonNode result = client.result("prompts/get", Map.of("name", "ask", "arguments", Map.of("topic", "sql")));
        JsonNode message = result.at("/messages/0");
        assertThat(message.get("role").asText()).isEqualTo("user");
        assertThat(message.at("/content/type").asText()).isEqualTo("text");
        assertThat(message.at("/content/text").asText()).isEqualTo("Tell me about sql.");
    }

    @Test
    void aSystemMessageGoesAsAUserMessageAndARolelessOneToo() {
        JsonNode messages = client.result("prompts/get", Map.of("name", "brief", "arguments", Map.of("topic", "joins")))
                .get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.at("/0/role").asText()).isEqualTo("user");
        assertThat(messages.at("/0/content").toString()).isEqualTo("{\"type\":\"text\",\"text\":\"You are terse.\"}");
        assertThat(messages.at("/1/role").asText()).isEqualTo("user");
        assertThat(messages.at("/1/content/text").asText()).isEqualTo("Explain joins.");
        assertThat(messages.at("/2/role").asText()).isEqualTo("assistant");
        assertThat(messages.at("/3/content").toString())
                .isEqualTo("{\"type\":\"text\",\"text\":\"An image message without data is text\"}");
    }

    @Test
    void imageAndEmbeddedResourceMessagesBecomeMcpContent() {
        JsonNode messages = client.result("prompts/get", Map.of("name", "show", "arguments", Map.of("doc", "file:///a.txt")))
                .get("messages");
        assertThat(messages.at("/0/content").toString())
                .isEqualTo("{\"type\":\"image\",\"data\":\"iVBORw0KGgo=\",\"mimeType\":\"image/png\"}");
        assertThat(messages.at("/1/role").asText()).isEqualTo("assistant");
        assertThat(messages.at("/1/content").toString()).isEqualTo("{\"type\":\"resource\",\"resource\":"
                + "{\"uri\":\"file:///a.txt\",\"mimeType\":\"text/plain\",\"text\":\"Contents of file:///a.txt\"}}");
    }

    @Test
    void aMissingPromptArgumentIsInvalidParams() {
        assertThat(client.error("prompts/get", Map.of("name", "ask")).get("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void completionOffersEnumValuesByPrefix() {
        JsonNode completion = client.result("completion/complete", Map.of("ref", Map.of("type", "ref/prompt", "name", "ask"),
                "argument", Map.of("name", "topic", "value", "j"))).get("completion");
        assertThat(completion.get("values").toString()).isEqualTo("[\"java\"]");
        assertThat(completion.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void completionOfATemplateOffersExamples() {
        JsonNode completion = client.result("completion/complete", Map.of(
                "ref", Map.of("type", "ref/resource", "uri", "note://items/{id}"),
                "argument", Map.of("name", "id", "value", "1"))).get("completion");
        assertThat(completion.get("values").toString()).isEqualTo("[\"1\",\"12\"]");
    }

    @Test
    void setLevelTakesRfc5424LevelsOnly() {
        assertThat(client.result("logging/setLevel", Map.of("level", "debug")).isEmpty()).isTrue();
        assertThat(client.error("logging/setLevel", Map.of("level", "loud")).get("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void anInvalidCursorIsInvalidParams() {
        assertThat(client.error("tools/list", Map.of("cursor", "garbage!")).get("code").asInt()).isEqualTo(-32602);
    }

    private JsonNode tool(String name) {
        for (JsonNode tool : client.result("tools/list", Map.of()).get("tools")) {
            if (tool.get("name").asText().equals(name)) {
                return tool;
            }
        }
        throw new AssertionError("no tool " + name);
    }
}

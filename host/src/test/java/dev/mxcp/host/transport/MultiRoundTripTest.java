package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.json.Json;
import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2026-07-28 multi round-trip requests (SEP-2322) on real servers: guest code that asks the client for input gets
 * an input_required result, the retry with the answers completes, the signed requestState carries earlier
 * answers to a replica with the same key, and every state that is not the server's own, for this request and
 * still fresh, is refused. The same code asks a 2025-11-25 session by server-to-client requests.
 */
class MultiRoundTripTest {

    static final String MODERN = "2026-07-28";
    static final String KEY = "0123456789abcdef0123456789abcdef-shared-by-replicas";

    @TempDir
    static Path dir;

    static TestProject.Server server;
    /** A replica: another server of the same project with the same key. */
    static TestProject.Server replica;
    /** A server with a key of its own. */
    static TestProject.Server stranger;
    static McpClient client;

    @BeforeAll
    static void start() {
        Path project = TestProject.write(dir.resolve("project"));
        writeGuestTools(project);
        server = serve(project, KEY);
        replica = serve(project, KEY);
        stranger = serve(project, null);
        client = server.client();
    }

    static TestProject.Server serve(Path project, String key) {
        Map<String, String> env = key == null ? Fixtures.env(dir.resolve("home"))
                : Fixtures.env(dir.resolve("home"), "MXCP_REQUEST_STATE_KEY", key);
        Mxcp mxcp = Mxcp.builder().project(project).environment(env)
                .http(new HttpOptions(false, List.of(), List.of(), 64 * 1024, null)).build();
        WebServer web = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> mxcp.mount(r, "/mcp")).build().start();
        return new TestProject.Server(mxcp, web);
    }

    static void writeGuestTools(Path project) {
        for (String tool : List.of("ask_name", "ask_twice", "ask_roots")) {
            Fixtures.write(project, "tools/" + tool + ".yml", """
                    mxcp: 1
                    tool:
                      name: %s
                      description: Asks the client
                      language: python
                      parameters:
                        - {name: greeting, type: string, description: How to greet, default: Hello}
                      source:
                        file: ../python/inputs.py
                    """.formatted(tool));
        }
        Fixtures.write(project, "python/inputs.py", """
                from mxcp.runtime import mcp

                NAME = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}

                async def ask_name(greeting: str = "Hello") -> str:
                    answer = await mcp.elicit("What is your name?", NAME, key="user_name")
                    return f"{greeting}, {answer.content['name']}!"

                async def ask_twice(greeting: str = "Hello") -> str:
                    name = await mcp.elicit("Your name?", NAME)
                    color = await mcp.elicit("Your color?", {"type": "object", "properties": {"color": {"type": "string"}}})
                    return f"{greeting} {name.content['name']}, you like {color.content['color']}"

                async def ask_roots(greeting: str = "Hello") -> str:
                    roots = await mcp.list_roots()
                    return ", ".join(r["uri"] for r in roots)
                """);
        Fixtures.write(project, "resources/asked.yml", """
                mxcp: 1
                resource:
                  uri: form://asked
                  description: Reads what the user answers
                  language: python
                  source:
                    file: ../python/asked.py
                """);
        Fixtures.write(project, "python/asked.py", """
                from mxcp.runtime import mcp

                async def main():
                    answer = await mcp.elicit("Topic?", {"type": "object", "properties": {"topic": {"type": "string"}}},
                                              key="topic")
                    return {"topic": answer.content["topic"]}
                """);
        Fixtures.write(project, "tools/ask_all.yml", """
                mxcp: 1
                tool:
                  name: ask_all
                  description: Asks a form, the model and the roots at once
                  language: javascript
                  source:
                    file: ../js/inputs.mjs
                """);
        Fixtures.write(project, "js/inputs.mjs", """
                import { mcp } from "mxcp:runtime";
                export async function ask_all() {
                  const [name, reply, roots] = await Promise.all([
                    mcp.elicit("Name?", { type: "object", properties: { name: { type: "string" } } }),
                    mcp.sample("Say hi", { maxTokens: 5 }),
                    mcp.listRoots(),
                  ]);
                  return `${reply.text} ${name.content.name} at ${roots[0].uri}`;
                }
                """);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
        replica.close();
        stranger.close();
    }

    static final Map<String, Object> ALL = Map.of("elicitation", Map.of(), "sampling", Map.of(), "roots", Map.of());

    /** A modern tools/call to {@code target} with the given extra params (arguments, inputResponses, requestState). */
    static JsonNode call(TestProject.Server target, String tool, Map<String, Object> extra) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", tool);
        params.put("arguments", Map.of());
        params.putAll(extra);
        params.put("_meta", ModernWireTest.meta(MODERN, ALL));
        try (McpClient other = target == server ? null : target.client()) {
            McpClient via = other == null ? client : other;
            McpClient.Exchange exchange = via.exchange("POST", ModernWireTest.body(1, "tools/call", params),
                    Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/call", "Mcp-Name", tool));
            assertThat(exchange.messages()).as(exchange.body()).hasSize(1);
            return exchange.messages().getFirst();
        }
    }

    static Map<String, Object> accept(Map<String, Object> content) {
        return Map.of("action", "accept", "content", content);
    }

    @Test
    void anElicitationIsAnInputRequiredResultAndTheRetryWithTheAnswerCompletes() {
        JsonNode first = call(server, "ask_name", Map.of()).get("result");
        assertThat(first.get("resultType").asText()).isEqualTo("input_required");
        JsonNode request = first.at("/inputRequests/user_name");
        assertThat(request.get("method").asText()).isEqualTo("elicitation/create");
        assertThat(request.at("/params/message").asText()).isEqualTo("What is your name?");
        assertThat(request.at("/params/requestedSchema/required/0").asText()).isEqualTo("name");
        assertThat(first.get("requestState").isTextual()).isTrue();
        assertThat(first.has("content")).isFalse(); // not a tool result: the run's failure is not shown

        JsonNode done = call(server, "ask_name", Map.of("inputResponses", Map.of("user_name", accept(Map.of("name", "Alice"))),
                "requestState", first.get("requestState").asText())).get("result");
        assertThat(done.get("resultType").asText()).isEqualTo("complete");
        assertThat(done.at("/content/0/text").asText()).isEqualTo("Hello, Alice!");
    }

    @Test
    void eachRoundAsksTheNextQuestionAndTheStateCarriesTheEarlierAnswers() {
        JsonNode first = call(server, "ask_twice", Map.of()).get("result");
        assertThat(keys(first.get("inputRequests"))).containsExactly("elicitation-1");

        JsonNode second = call(server, "ask_twice", Map.of("requestState", first.get("requestState").asText(),
                "inputResponses", Map.of("elicitation-1", accept(Map.of("name", "Ada"))))).get("result");
        assertThat(second.get("resultType").asText()).isEqualTo("input_required");
        assertThat(keys(second.get("inputRequests"))).containsExactly("elicitation-2");
        assertThat(second.at("/inputRequests/elicitation-2/params/message").asText()).isEqualTo("Your color?");
        assertThat(second.get("requestState").asText()).isNotEqualTo(first.get("requestState").asText());

        // the last retry answers only the last question: the first answer comes from the state
        JsonNode done = call(server, "ask_twice", Map.of("requestState", second.get("requestState").asText(),
                "inputResponses", Map.of("elicitation-2", accept(Map.of("color", "green"))))).get("result");
        assertThat(done.at("/content/0/text").asText()).isEqualTo("Hello Ada, you like green");
    }

    @Test
    void requestsMadeTogetherComeInOneResult() {
        JsonNode first = call(server, "ask_all", Map.of()).get("result");
        JsonNode requests = first.get("inputRequests");
        assertThat(keys(requests)).containsExactly("elicitation-1", "sampling-2", "roots-3");
        assertThat(requests.at("/sampling-2/method").asText()).isEqualTo("sampling/createMessage");
        assertThat(requests.at("/sampling-2/params/maxTokens").asInt()).isEqualTo(5);
        assertThat(requests.at("/roots-3/method").asText()).isEqualTo("roots/list");

        JsonNode done = call(server, "ask_all", Map.of("requestState", first.get("requestState").asText(),
                "inputResponses", Map.of(
                        "elicitation-1", accept(Map.of("name", "Bo")),
                        "sampling-2", Map.of("role", "assistant", "content", Map.of("type", "text", "text", "Hi"),
                                "model", "m", "stopReason", "endTurn"),
                        "roots-3", Map.of("roots", List.of(Map.of("uri", "file:///work", "name", "work"))))))
                .get("result");
        assertThat(done.at("/content/0/text").asText()).isEqualTo("Hi Bo at file:///work");
    }

    @Test
    void aResourceReadAsksTooAndItsStateIsBoundToTheUri() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("uri", "form://asked");
        params.put("_meta", ModernWireTest.meta(MODERN, ALL));
        JsonNode first = read(params).get("result");
        assertThat(first.get("resultType").asText()).isEqualTo("input_required");
        assertThat(first.has("ttlMs")).isFalse(); // nothing to cache in a request for input
        assertThat(first.at("/inputRequests/topic/method").asText()).isEqualTo("elicitation/create");

        params.put("requestState", first.get("requestState").asText());
        params.put("inputResponses", Map.of("topic", accept(Map.of("topic", "tides"))));
        JsonNode done = read(params).get("result");
        assertThat(done.get("resultType").asText()).isEqualTo("complete");
        assertThat(done.at("/contents/0/text").asText()).contains("tides");
        assertThat(done.get("ttlMs").asLong()).isZero();

        params.put("uri", "note://text"); // the state of form://asked replayed on another resource
        assertThat(read(params).at("/error/message").asText()).contains("another request");

        // a read whose code asks what the request did not declare fails as a tool call does
        JsonNode refused = read(Map.of("uri", "form://asked", "_meta", ModernWireTest.meta(MODERN, Map.of())));
        assertThat(refused.at("/error/code").asInt()).isEqualTo(-32021);
        assertThat(refused.at("/error/data/requiredCapabilities/elicitation").isObject()).isTrue();
    }

    private static JsonNode read(Map<String, Object> params) {
        McpClient.Exchange exchange = client.exchange("POST", ModernWireTest.body(3, "resources/read", params),
                Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "resources/read", "Mcp-Name", (String) params.get("uri")));
        assertThat(exchange.messages()).as(exchange.body()).hasSize(1);
        return exchange.messages().getFirst();
    }

    @Test
    void aRetryWithoutTheAnswerAsksAgainAndUnknownAnswersAreIgnored() {
        JsonNode again = call(server, "ask_name", Map.of("inputResponses",
                Map.of("wrong_key", accept(Map.of("name", "X"))))).get("result");
        assertThat(again.get("resultType").asText()).isEqualTo("input_required");
        assertThat(again.at("/inputRequests/user_name/method").asText()).isEqualTo("elicitation/create");
    }

    @Test
    void aStateFromAReplicaWithTheSameKeyIsTakenAndOneFromAnotherKeyIsRefused() {
        String state = call(server, "ask_twice", Map.of()).at("/result/requestState").asText();
        Map<String, Object> retry = Map.of("requestState", state,
                "inputResponses", Map.of("elicitation-1", accept(Map.of("name", "Ada"))));
        JsonNode onReplica = call(replica, "ask_twice", retry).get("result");
        assertThat(keys(onReplica.get("inputRequests"))).containsExactly("elicitation-2");
        JsonNode done = call(server, "ask_twice", Map.of("requestState", onReplica.get("requestState").asText(),
                "inputResponses", Map.of("elicitation-2", accept(Map.of("color", "red"))))).get("result");
        assertThat(done.at("/content/0/text").asText()).isEqualTo("Hello Ada, you like red");

        JsonNode refused = call(stranger, "ask_twice", retry).get("error");
        assertThat(refused.get("code").asInt()).isEqualTo(-32602);
        assertThat(refused.get("message").asText()).contains("not issued by this server");
    }

    @Test
    void alteredTruncatedOrForgedStatesAreRefused() {
        String state = call(server, "ask_name", Map.of()).at("/result/requestState").asText();
        Map<String, Object> answers = Map.of("user_name", accept(Map.of("name", "Eve")));
        String payload = state.substring(0, state.indexOf('.'));
        ObjectNode decoded = (ObjectNode) parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));

        decoded.putObject("answers").set("user_name", Json.toTree(accept(Map.of("name", "Mallory"))));
        String altered = encode(decoded) + state.substring(state.indexOf('.'));
        String truncated = state.substring(0, state.length() - 4);
        String forged = sign(encode(decoded), "another-key-of-32-characters-or-more!!");
        for (String bad : List.of(altered, truncated, forged, "not-a-state", "")) {
            JsonNode error = call(server, "ask_name", Map.of("requestState", bad, "inputResponses", answers)).get("error");
            assertThat(error.get("code").asInt()).as(bad).isEqualTo(-32602);
            assertThat(error.get("message").asText()).as(bad).contains("requestState is not valid");
        }
        JsonNode wrongType = call(server, "ask_name", Map.of("requestState", 42, "inputResponses", answers)).get("error");
        assertThat(wrongType.get("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void anExpiredStateOrOneOfAnotherRequestIsRefused() {
        String state = call(server, "ask_name", Map.of()).at("/result/requestState").asText();
        ObjectNode decoded = (ObjectNode) parse(new String(Base64.getUrlDecoder().decode(
                state.substring(0, state.indexOf('.'))), StandardCharsets.UTF_8));
        decoded.put("expires", System.currentTimeMillis() - 1000);
        JsonNode expired = call(server, "ask_name", Map.of("requestState", sign(encode(decoded), KEY))).get("error");
        assertThat(expired.get("code").asInt()).isEqualTo(-32602);
        assertThat(expired.get("message").asText()).contains("expired");

        // the same state replayed with other arguments, or on another tool
        JsonNode otherArgs = call(server, "ask_name", Map.of("requestState", state,
                "arguments", Map.of("greeting", "Hi"))).get("error");
        assertThat(otherArgs.get("code").asInt()).isEqualTo(-32602);
        assertThat(otherArgs.get("message").asText()).contains("another request");
        JsonNode otherTool = call(server, "ask_twice", Map.of("requestState", state)).get("error");
        assertThat(otherTool.get("message").asText()).contains("another request");
    }

    @Test
    void malformedInputResponsesAreInvalidParams() {
        JsonNode notAnObject = call(server, "ask_name", Map.of("inputResponses", List.of(1))).get("error");
        assertThat(notAnObject.get("code").asInt()).isEqualTo(-32602);
        JsonNode notAResult = call(server, "ask_name", Map.of("inputResponses", Map.of("user_name", 12345))).get("error");
        assertThat(notAResult.get("code").asInt()).isEqualTo(-32602);
        assertThat(notAResult.get("message").asText()).contains("inputResponses.user_name");
    }

    @Test
    void askingWhatTheRequestDidNotDeclareIsStill32021() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", "ask_roots");
        params.put("arguments", Map.of());
        params.put("_meta", ModernWireTest.meta(MODERN, Map.of("elicitation", Map.of())));
        McpClient.Exchange exchange = client.exchange("POST", ModernWireTest.body(2, "tools/call", params),
                Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/call", "Mcp-Name", "ask_roots"));
        JsonNode error = exchange.messages().getFirst().get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32021);
        assertThat(error.at("/data/requiredCapabilities/roots").isObject()).isTrue();
    }

    @Test
    void aLegacySessionIsAskedByServerToClientRequestsWithTheSameCode() {
        try (McpClient legacy = server.client()) {
            legacy.withCapabilities(Map.of("elicitation", Map.of(), "roots", Map.of()))
                    .onRequest("elicitation/create", params -> accept(Map.of("name", "Lin")))
                    .onRequest("roots/list", params -> Map.of("roots", List.of(Map.of("uri", "file:///a"),
                            Map.of("uri", "file:///b", "name", "b"))));
            legacy.initialize();
            assertThat(legacy.result("tools/call", Map.of("name", "ask_name", "arguments", Map.of()))
                    .at("/content/0/text").asText()).isEqualTo("Hello, Lin!");
            assertThat(legacy.result("tools/call", Map.of("name", "ask_roots", "arguments", Map.of()))
                    .at("/content/0/text").asText()).isEqualTo("file:///a, file:///b");
        }
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String encode(JsonNode payload) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
    }

    /** A state as a server with {@code key} signs it: the body, a dot, the HMAC-SHA256 of the decoded body. */
    private static String sign(String body, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal(Base64.getUrlDecoder().decode(body));
            return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}

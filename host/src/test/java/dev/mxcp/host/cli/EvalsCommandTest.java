package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mxcp evals} against a small model server of our own on 127.0.0.1 that answers in Anthropic's and
 * OpenAI's formats. The "model" follows its prompt: "call TOOL {json}" asks for that tool call, and once it has a
 * tool's result it answers "Result: " and the result as given. The tools run for real (DuckDB, policies).
 */
class EvalsCommandTest {

    private static final String KEY = "sk-test-secret-123";

    @TempDir
    Path dir;

    WebServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    /** What the server answers instead of playing the model, when set: status and body. */
    final AtomicReference<Map.Entry<Integer, String>> fault = new AtomicReference<>();
    Path project;
    Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> r.post("/v1/messages", (req, res) -> answer(req, res, true))
                        .post("/openai/chat/completions", (req, res) -> answer(req, res, false)))
                .build().start();
        String base = "http://127.0.0.1:" + server.port();
        project = Fixtures.write(dir.resolve("p"), "mxcp-site.yml", "mxcp: 1\nproject: shop\nprofile: dev\n").getParent();
        Fixtures.write(project, "tools/customer.yml", """
                mxcp: 1
                tool:
                  name: customer
                  description: A customer by id
                  parameters:
                    - {name: id, type: integer, description: Customer id}
                  return: {type: object}
                  policies:
                    input:
                      - condition: "user.role != 'staff'"
                        action: deny
                        reason: Staff only
                  source:
                    code: SELECT * FROM (VALUES (1, 'Ada'), (2, 'Grace')) AS c(id, name) WHERE id = $id
                """);
        Path config = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                models:
                  default: claude-test
                  models:
                    claude-test: {type: claude, api_key: "${MODEL_KEY}", base_url: "%1$s"}
                    gpt-test: {type: openai, api_key: "${MODEL_KEY}", base_url: "%1$s/openai"}
                    down: {type: claude, api_key: k, base_url: "http://127.0.0.1:9", timeout: 2}
                projects:
                  shop:
                    profiles:
                      dev: {}
                """.formatted(base));
        env = Fixtures.env(dir.resolve("home"), "MXCP_CONFIG", config.toString(), "MODEL_KEY", KEY);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private void answer(ServerRequest req, ServerResponse res, boolean claude) throws IOException {
        JsonNode request = Json.parse(req.content().as(String.class));
        requests.add(request);
        Map<String, String> seen = new java.util.HashMap<>();
        req.headers().forEach(h -> seen.put(h.name().toLowerCase(java.util.Locale.ROOT), h.get()));
        headers.add(seen);
        Map.Entry<Integer, String> faulty = fault.get();
        String body = faulty != null ? faulty.getValue() : Json.write(claude ? claude(request) : openAi(request));
        res.status(Status.create(faulty != null ? faulty.getKey() : 200)).send(body);
    }

    private static Map<String, Object> claude(JsonNode request) {
        JsonNode last = request.path("messages").get(request.path("messages").size() - 1);
        for (JsonNode block : last.path("content")) {
            if (block.path("type").asText().equals("tool_result")) {
                String prefix = block.path("is_error").asBoolean() ? "Failed: " : "Result: ";
                return Map.of("content", List.of(Map.of("type", "text", "text", prefix + block.path("content").asText())));
            }
        }
        String prompt = request.path("messages").get(0).path("content").asText();
        if (prompt.startsWith("call ")) {
            String[] parts = prompt.split(" ", 3);
            return Map.of("content", List.of(Map.of("type", "text", "text", "Let me look."),
                    Map.of("type", "tool_use", "id", "tu_1", "name", parts[1], "input", Json.toJava(parse(parts[2])))),
                    "stop_reason", "tool_use");
        }
        return Map.of("content", List.of(Map.of("type", "text", "text", "No tools needed: " + prompt)));
    }

    private static Map<String, Object> openAi(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        if (last.path("role").asText().equals("tool")) {
            return Map.of("choices", List.of(Map.of("message", Map.of("role", "assistant",
                    "content", "Result: " + last.path("content").asText()))));
        }
        String prompt = messages.get(1).path("content").asText();
        String[] parts = prompt.split(" ", 3);
        return Map.of("choices", List.of(Map.of("message", Map.of("role", "assistant", "tool_calls", List.of(
                Map.of("id", "call_1", "type", "function", "function", Map.of("name", parts[1], "arguments", parts[2])))))));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void suite(String file, String text) {
        Fixtures.write(project, "evals/" + file, text);
    }

    private CliRun mxcp(String... args) {
        return CliRun.inProject(env, project, args);
    }

    @Test
    void claudeCallsTheToolHereAndTheAssertionsPass() throws Exception {
        suite("customers-evals.yml", """
                mxcp: 1
                suite: customers
                tests:
                  - name: finds_grace
                    prompt: 'call customer {"id": 2}'
                    user_context: {role: staff}
                    assertions:
                      must_call: [{tool: customer, args: {id: 2}}]
                      must_not_call: [delete_everything]
                      answer_contains: [GRACE]
                      answer_not_contains: [Ada]
                """);
        CliRun run = mxcp("evals", "customers", "--json-output");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode result = Json.parse(run.out()).get("result");
        assertThat(result.get("all_passed").asBoolean()).isTrue();
        assertThat(result.get("model").asText()).isEqualTo("claude-test");
        JsonNode test = result.at("/tests/0");
        assertThat(test.get("passed").asBoolean()).isTrue();
        assertThat(test.at("/details/response").asText()).isEqualTo("Result: {\"id\":2,\"name\":\"Grace\"}");
        assertThat(test.at("/details/tool_calls/0/tool").asText()).isEqualTo("customer");

        JsonNode first = requests.getFirst();
        assertThat(first.get("model").asText()).isEqualTo("claude-test");
        assertThat(first.at("/tools/0/name").asText()).isEqualTo("customer");
        assertThat(first.at("/tools/0/input_schema/properties/id/type").asText()).isEqualTo("integer");
        assertThat(headers.getFirst().get("x-api-key")).isEqualTo(KEY);
        assertThat(run.out() + run.err()).doesNotContain(KEY);
    }

    @Test
    void openAiCompatibleChatCompletionsWork() throws Exception {
        suite("customers.yml", """
                mxcp: 1
                suite: customers_gpt
                model: gpt-test
                tests:
                  - name: finds_ada
                    prompt: 'call customer {"id": 1}'
                    user_context: {role: staff}
                    assertions:
                      must_call: [{tool: customer, args: {id: 1}}]
                      answer_contains: [Ada]
                """);
        CliRun run = mxcp("evals", "customers_gpt");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("PASS finds_ada");
        assertThat(headers.getFirst().get("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(requests.get(1).at("/messages/3/role").asText()).isEqualTo("tool");
    }

    @Test
    void policiesDenyWithTheTestsUserAndFailedAssertionsSayWhyInMxcpsWords() throws Exception {
        suite("denied-evals.yml", """
                mxcp: 1
                suite: denied
                tests:
                  - name: guest_is_refused
                    prompt: 'call customer {"id": 2}'
                    user_context: {role: guest}
                    assertions:
                      must_call: [{tool: customer, args: {id: 3}}]
                      answer_contains: [Grace]
                """);
        CliRun run = mxcp("evals", "--json-output");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode suite = Json.parse(run.out()).at("/result/suites/0");
        assertThat(suite.get("status").asText()).isEqualTo("failed");
        assertThat(suite.at("/tests/0/details/response").asText()).isEqualTo("Failed: Policy enforcement failed: Staff only");
        assertThat(suite.at("/tests/0/failures").toString())
                .contains("Expected call to 'customer' with args {\\\"id\\\":3} not found")
                .contains("Expected text 'Grace' not found in response");
    }

    @Test
    void aModelThatFailsIsOneLineWithoutTheKey() {
        suite("s.yml", "mxcp: 1\nsuite: s\ntests:\n  - {name: t, prompt: hello, assertions: {}}\n");
        fault.set(Map.entry(500, "{\"error\": \"overloaded\"}"));
        CliRun failed = mxcp("evals", "s");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).contains("Error: model 'claude-test' answered HTTP 500: {\"error\": \"overloaded\"}");

        fault.set(Map.entry(200, "<html>not json</html>"));
        assertThat(mxcp("evals", "s").out()).contains("answered something that is not JSON: <html>not json</html>");

        CliRun down = mxcp("evals", "s", "--model", "down");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.out()).contains("cannot reach model 'down' at http://127.0.0.1:9");
        assertThat(failed.out() + failed.err() + down.out() + down.err()).doesNotContain(KEY).doesNotContain("\tat ");
    }

    @Test
    void aMalformedSuiteOrAnUnknownModelOrSuiteIsNamed() {
        suite("bad.yml", "mxcp: 1\nsuite: bad\ntests:\n  - name: t\n    prompt: hi\n    assertions: {must_cal: []}\n");
        CliRun all = mxcp("evals");
        assertThat(all.exitCode()).isEqualTo(1);
        assertThat(all.out()).contains("ERROR").contains("evals/bad.yml:6:").contains("must_cal");

        CliRun missing = mxcp("evals", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("Eval suite 'nope' not found");

        suite("s.yml", "mxcp: 1\nsuite: s\nmodel: absent\ntests:\n  - {name: t, prompt: hi, assertions: {}}\n");
        CliRun unknown = mxcp("evals", "s");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("Model 'absent' not configured in user config");
    }
}

package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 2026-07-28 tasks extension over HTTP: tools with {@code task_support} run as tasks for requests that declare
 * the extension; the client polls, answers and cancels them with tasks/get, tasks/update and tasks/cancel.
 */
class TasksTest {

    static final String TASKS = "io.modelcontextprotocol/tasks";

    @TempDir
    static Path dir;

    static Path project;
    static TestProject.Server server;
    static McpClient client;

    @BeforeAll
    static void start() {
        project = TestProject.write(dir.resolve("project"));
        Fixtures.write(project, "tools/scan.yml", """
                mxcp: 1
                tool:
                  name: scan
                  description: Counts rows (a task when the client can take one)
                  task_support: optional
                  parameters:
                    - {name: rows, type: integer, description: How many rows to scan}
                  return: {type: integer}
                  source:
                    code: SELECT count(*) AS n FROM range($rows) t(i) WHERE hash(i) % 7 = 3
                """);
        Fixtures.write(project, "tools/broken.yml", """
                mxcp: 1
                tool:
                  name: broken
                  description: Always fails, always as a task
                  task_support: required
                  return: {type: integer}
                  source:
                    code: SELECT error('broken on purpose') AS n
                """);
        Fixtures.write(project, "tools/confirm.yml", """
                mxcp: 1
                tool:
                  name: confirm
                  description: Asks before acting
                  language: javascript
                  task_support: optional
                  source:
                    file: ../js/tasks.mjs
                """);
        Fixtures.write(project, "js/tasks.mjs", """
                import { mcp } from "mxcp:runtime";
                export async function confirm() {
                  const answer = await mcp.elicit("Go ahead?", {type: "object",
                      properties: {ok: {type: "boolean"}}, required: ["ok"]}, {key: "ok"});
                  return answer.content.ok ? "done" : "stopped";
                }
                """);
        server = TestProject.serve(project);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static McpClient.Exchange request(String method, Map<String, Object> params, boolean declareTasks) {
        return request(client, method, params, declareTasks);
    }

    private static McpClient.Exchange request(McpClient client, String method, Map<String, Object> params,
                                              boolean declareTasks) {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("elicitation", Map.of());
        if (declareTasks) {
            capabilities.put("extensions", Map.of(TASKS, Map.of()));
        }
        return ModernWireTest.modern(client, 1, method, params, capabilities, Map.of());
    }

    private static JsonNode result(String method, Map<String, Object> params) {
        return result(client, method, params);
    }

    private static JsonNode result(McpClient client, String method, Map<String, Object> params) {
        JsonNode message = ModernWireTest.only(request(client, method, params, true));
        assertThat(message.has("result")).as(message.toString()).isTrue();
        return message.get("result");
    }

    private static String startTask(String tool, Map<String, Object> arguments) {
        JsonNode created = result("tools/call", Map.of("name", tool, "arguments", arguments));
        assertThat(created.get("resultType").asText()).isEqualTo("task");
        assertThat(created.get("status").asText()).isEqualTo("working");
        assertThat(created.get("ttlMs").asLong()).isPositive();
        assertThat(created.has("result")).isFalse();
        return created.get("taskId").asText();
    }

    /** Polls tasks/get until the task has {@code status} (or 30 s pass). */
    private static JsonNode awaitStatus(String taskId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode task;
        do {
            task = result("tasks/get", Map.of("taskId", taskId));
            if (task.get("status").asText().equals(status)) {
                return task;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("task " + taskId + " is " + task.get("status") + ", not " + status + ": " + task);
    }

    @Test
    void aTaskRunsInTheBackgroundAndItsResultIsInlined() throws Exception {
        String id = startTask("scan", Map.of("rows", 1000));
        JsonNode done = awaitStatus(id, "completed");
        assertThat(done.get("resultType").asText()).isEqualTo("complete");
        assertThat(done.at("/result/structuredContent/result").asLong()).isPositive();
        assertThat(done.at("/result/isError").asBoolean()).isFalse();
    }

    @Test
    void withoutTheExtensionAnOptionalTaskToolAnswersAtOnceAndARequiredOneIsRefused() {
        JsonNode sync = ModernWireTest.only(request("tools/call", Map.of("name", "scan", "arguments",
                Map.of("rows", 10)), false)).get("result");
        assertThat(sync.get("resultType").asText()).isEqualTo("complete");
        assertThat(sync.has("taskId")).isFalse();
        JsonNode refused = ModernWireTest.only(request("tools/call", Map.of("name", "broken", "arguments", Map.of()),
                false)).get("error");
        assertThat(refused.get("code").asInt()).isEqualTo(-32021);
        assertThat(refused.at("/data/requiredCapabilities/extensions").has(TASKS)).isTrue();
        assertThat(ModernWireTest.only(request("tasks/get", Map.of("taskId", "x"), false)).at("/error/code").asInt())
                .isEqualTo(-32021);
    }

    @Test
    void aToolErrorCompletesTheTaskWithAnErrorResult() throws Exception {
        JsonNode done = awaitStatus(startTask("broken", Map.of()), "completed");
        assertThat(done.at("/result/isError").asBoolean()).isTrue();
        assertThat(done.at("/result/content/0/text").asText()).contains("broken on purpose");
    }

    @Test
    void cancellingStopsTheStatementAndTheTaskStaysCancelled() {
        // a server of its own: its drain below ends its serving
        try (TestProject.Server own = TestProject.serve(project); McpClient ownClient = own.client()) {
            JsonNode created = result(ownClient, "tools/call", Map.of("name", "scan", "arguments",
                    Map.of("rows", 50_000_000_000L))); // minutes unless cancelled
            String id = created.get("taskId").asText();
            JsonNode ack = result(ownClient, "tasks/cancel", Map.of("taskId", id));
            assertThat(ack.get("resultType").asText()).isEqualTo("complete");
            assertThat(ack.has("taskId")).isFalse();
            JsonNode task = result(ownClient, "tasks/get", Map.of("taskId", id));
            assertThat(task.get("status").asText()).isEqualTo("cancelled");
            assertThat(task.has("result")).isFalse();
            assertThat(result(ownClient, "tasks/cancel", Map.of("taskId", id)).get("resultType").asText())
                    .isEqualTo("complete");
            // the statement stopped: nothing of the task is left running
            assertThat(own.mxcp().drain(Duration.ofSeconds(20))).isTrue();
        }
    }

    @Test
    void aTaskThatAsksForInputWaitsForTheAnswerThenRunsOn() throws Exception {
        String id = startTask("confirm", Map.of());
        JsonNode waiting = awaitStatus(id, "input_required");
        assertThat(waiting.at("/inputRequests/ok/method").asText()).isEqualTo("elicitation/create");
        JsonNode ack = result("tasks/update", Map.of("taskId", id, "inputResponses",
                Map.of("ok", Map.of("action", "accept", "content", Map.of("ok", true)), "unasked", Map.of())));
        assertThat(ack.get("resultType").asText()).isEqualTo("complete");
        assertThat(awaitStatus(id, "completed").at("/result/content/0/text").asText()).isEqualTo("done");
    }

    @Test
    void anUnknownTaskIsInvalidParamsAndTheNameHeaderMustBeTheTaskId() {
        assertThat(ModernWireTest.only(request("tasks/get", Map.of("taskId", "no-such-task"), true))
                .at("/error/code").asInt()).isEqualTo(-32602);
        Map<String, Object> params = Map.of("_meta", ModernWireTest.meta(ModernWireTest.MODERN,
                Map.of("extensions", Map.of(TASKS, Map.of()))), "taskId", "abc");
        McpClient.Exchange mismatch = client.exchange("POST", ModernWireTest.body(1, "tasks/get", params),
                Map.of("MCP-Protocol-Version", ModernWireTest.MODERN, "Mcp-Method", "tasks/get", "Mcp-Name", "xyz"));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(ModernWireTest.only(mismatch).at("/error/code").asInt()).isEqualTo(-32020);
    }
}

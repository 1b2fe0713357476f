package dev.mxcp.host.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.json.Json;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The audit log of a real embedded project: its records, redaction, rotation, retention, and failing closed. */
@Timeout(120)
class AuditLogTest {

    /** MXCP's {@code AuditRecordModel} fields, in its order. */
    static final List<String> MXCP_FIELDS = List.of("schema_name", "schema_version", "record_id", "timestamp",
            "operation_type", "operation_name", "operation_status", "duration_ms", "caller_type", "user_id",
            "session_id", "trace_id", "input_data", "output_data", "error", "policies_evaluated", "policy_decision",
            "policy_reason", "business_context", "execution_events", "prev_hash", "record_hash", "signature");

    @TempDir
    Path dir;

    /** A project with a tool taking and returning a sensitive value, and a tool behind an input policy. */
    static Path project(Path root, String siteExtra) {
        Fixtures.write(root, "mxcp-site.yml", "mxcp: 1\nproject: demo\nprofile: dev\n" + siteExtra);
        Fixtures.write(root, "tools/login.yml", """
                mxcp: 1
                tool:
                  name: login
                  parameters:
                    - {name: user, type: string, description: Who}
                    - {name: password, type: string, sensitive: true, description: The secret}
                  return:
                    type: object
                    properties:
                      name: {type: string}
                      token: {type: string, sensitive: true}
                  source: {code: "SELECT $user AS name, 'tok-' || $password AS token"}
                """);
        Fixtures.write(root, "tools/guarded.yml", """
                mxcp: 1
                tool:
                  name: guarded
                  parameters: [{name: who, type: string, description: Who}]
                  return: {type: string}
                  source: {code: "SELECT 'hi ' || $who"}
                  policies:
                    input:
                      - {condition: "who == 'mallory'", action: deny, reason: Mallory is not welcome}
                """);
        return root;
    }

    static List<JsonNode> records(Path auditDir) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (Path file : AuditFiles.segments(auditDir.resolve("logs-dev.jsonl"))) {
            for (String line : Files.readAllLines(file)) {
                records.add(Json.parse(line));
            }
        }
        return records;
    }

    private Mxcp open(Path project) {
        return Mxcp.builder().project(project).environment(Fixtures.env(dir.resolve("home"), "MXCP_AUDIT_ENABLED", "true"))
                .build();
    }

    @Test
    void oneRecordPerCallInMxcpsSchemaWithSensitiveValuesRedacted() throws Exception {
        Path project = project(dir.resolve("p"), "");
        try (Mxcp mxcp = open(project)) {
            assertThat(mxcp.call("login", Map.of("user", "alice", "password", "hunter2-secret")))
                    .isEqualTo(Map.of("name", "alice", "token", "tok-hunter2-secret"));
            assertThat(mxcp.call("guarded", Map.of("who", "bob"))).isEqualTo("hi bob");
            assertThatThrownBy(() -> mxcp.call("guarded", Map.of("who", "mallory"))).isInstanceOf(MxcpException.class);
            assertThatThrownBy(() -> mxcp.call("guarded", Map.of("who", List.of(1, 2)))).isInstanceOf(MxcpException.class);
        }
        String written = String.join("\n", Files.readAllLines(AuditFiles.segments(project.resolve("audit/logs-dev.jsonl")).getFirst()));
        assertThat(written).doesNotContain("hunter2");

        List<JsonNode> records = records(project.resolve("audit"));
        assertThat(records).hasSize(4);
        JsonNode login = records.get(0);
        List<String> fields = new ArrayList<>();
        login.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isEqualTo(MXCP_FIELDS);
        assertThat(login.get("schema_name").asText()).isEqualTo("mxcp.endpoints");
        assertThat(login.get("schema_version").asInt()).isEqualTo(2);
        assertThat(login.get("operation_type").asText()).isEqualTo("tool");
        assertThat(login.get("operation_name").asText()).isEqualTo("login");
        assertThat(login.get("operation_status").asText()).isEqualTo("success");
        assertThat(login.get("caller_type").asText()).isEqualTo("api");
        assertThat(login.get("duration_ms").isIntegralNumber()).isTrue();
        assertThat(Duration.between(Instant.parse(login.get("timestamp").asText()), Instant.now()).abs())
                .isLessThan(Duration.ofMinutes(2));
        assertThat(login.get("input_data")).isEqualTo(Json.parse("{\"user\":\"alice\",\"password\":\"[REDACTED]\"}"));
        assertThat(login.get("output_data")).isEqualTo(Json.parse("{\"name\":\"alice\",\"token\":\"[REDACTED]\"}"));
        assertThat(login.get("policy_decision").isNull()).as("no policies: MXCP's n/a").isTrue();
        assertThat(login.get("policies_evaluated").size()).isZero();

        JsonNode allowed = records.get(1);
        assertThat(allowed.get("policy_decision").asText()).isEqualTo("allow");
        assertThat(allowed.get("policies_evaluated").get(0).asText()).isEqualTo("input[0]: who == 'mallory'");
        assertThat(allowed.get("output_data").asText()).isEqualTo("hi bob");

        JsonNode denied = records.get(2);
        assertThat(denied.get("operation_status").asText()).isEqualTo("error");
        assertThat(denied.get("policy_decision").asText()).isEqualTo("deny");
        assertThat(denied.get("policy_reason").asText()).isEqualTo("Mallory is not welcome");
        assertThat(denied.get("error").asText()).isEqualTo("Policy enforcement failed: Mallory is not welcome");
        assertThat(denied.get("output_data").isNull()).isTrue();
        assertThat(denied.get("business_context").toString()).isEqualTo("{\"operation_type\":\"tool\","
                + "\"operation_name\":\"guarded\",\"operation_status\":\"error\",\"policy_decision\":\"deny\"}");

        JsonNode invalid = records.get(3);
        assertThat(invalid.get("operation_status").asText()).isEqualTo("error");
        assertThat(invalid.get("policy_decision").isNull()).as("failed before the policies ran").isTrue();
        assertThat(invalid.get("error").asText()).contains("who");
    }

    /** Over MCP (HTTP): resources and prompts are recorded too, and sensitive values are redacted at any depth. */
    @Test
    void resourcesPromptsAndNestedSensitiveValuesOverMcp() throws Exception {
        Path project = project(dir.resolve("p"), "");
        Fixtures.write(project, "tools/nested.yml", """
                mxcp: 1
                tool:
                  name: nested
                  parameters:
                    - name: card
                      type: object
                      description: A card
                      properties:
                        holder: {type: string}
                        number: {type: string, sensitive: true}
                  return:
                    type: array
                    items:
                      type: object
                      properties:
                        id: {type: integer}
                        secret: {type: string, sensitive: true}
                  source: {code: "SELECT i AS id, 'hidden-' || i AS secret FROM range(2) t(i)"}
                """);
        Fixtures.write(project, "resources/status.yml", """
                mxcp: 1
                resource:
                  uri: data://status
                  return: {type: string}
                  source: {code: "SELECT 'fine'"}
                """);
        Fixtures.write(project, "prompts/greet.yml", """
                mxcp: 1
                prompt:
                  name: greet
                  parameters: [{name: who, type: string, description: Who}]
                  messages:
                    - {role: user, type: text, prompt: "Hello {{ who }}"}
                """);
        List<String> answers = new ArrayList<>();
        String session;
        try (Mxcp mxcp = open(project)) {
            WebServer app = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                    .routing(r -> mxcp.mount(r, "/mcp")).build().start();
            try (HttpClient http = HttpClient.newHttpClient()) {
                URI endpoint = URI.create("http://127.0.0.1:" + app.port() + "/mcp");
                session = post(http, endpoint, null, """
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                         "capabilities":{},"clientInfo":{"name":"audit","version":"1"}}}""").headers()
                        .firstValue("Mcp-Session-Id").orElseThrow();
                post(http, endpoint, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
                for (String request : List.of("""
                        {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"nested",
                         "arguments":{"card":{"holder":"Ada","number":"4111-1111"}}}}""", """
                        {"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"data://status"}}""", """
                        {"jsonrpc":"2.0","id":4,"method":"prompts/get","params":{"name":"greet","arguments":{"who":"Bo"}}}""")) {
                    answers.add(post(http, endpoint, session, request).body());
                }
            } finally {
                app.stop();
            }
        }
        assertThat(String.join("\n", answers)).contains("hidden-1").contains("fine").contains("Hello Bo");

        List<JsonNode> records = records(project.resolve("audit"));
        assertThat(records).extracting(r -> r.get("operation_type").asText() + " " + r.get("operation_name").asText())
                .containsExactly("tool nested", "resource data://status", "prompt greet");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("caller_type").asText()).isEqualTo("http");
            assertThat(r.get("session_id").asText()).isEqualTo(session);
            assertThat(r.get("operation_status").asText()).isEqualTo("success");
        });
        assertThat(records.get(0).get("input_data").toString())
                .isEqualTo("{\"card\":{\"holder\":\"Ada\",\"number\":\"[REDACTED]\"}}");
        assertThat(records.get(0).get("output_data").toString())
                .isEqualTo("[{\"id\":0,\"secret\":\"[REDACTED]\"},{\"id\":1,\"secret\":\"[REDACTED]\"}]");
        assertThat(records.get(1).get("output_data").asText()).isEqualTo("fine");
        assertThat(records.get(2).get("input_data").toString()).isEqualTo("{\"who\":\"Bo\"}");
        assertThat(records.get(2).toString()).contains("Hello Bo");
    }

    private static HttpResponse<String> post(HttpClient http, URI endpoint, String session, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void segmentsRotateAtMaxFileSizeAndAreReadTogether() throws Exception {
        Path project = project(dir.resolve("p"), """
                profiles:
                  dev:
                    audit: {enabled: true, path: logs/calls.jsonl, max_file_size: 300}
                """);
        try (Mxcp mxcp = Mxcp.builder().project(project).environment(Fixtures.env(dir.resolve("home"))).build()) {
            for (int i = 0; i < 4; i++) {
                mxcp.call("guarded", Map.of("who", "n" + i)); // returns once its record is written
            }
        }
        Path base = project.resolve("logs/calls.jsonl");
        assertThat(AuditFiles.segments(base)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(f -> assertThat(f.getFileName().toString()).matches("calls-\\d{8}T\\d{6}(-\\d+)?\\.jsonl"));
        assertThat(AuditFiles.query(base, AuditFiles.Filter.ALL)).hasSize(4)
                .extracting(r -> r.get("operation_name")).containsOnly("guarded");
    }

    @Test
    void aLogThatCannotBeWrittenStopsTheStartWithOneLineNamingThePath() {
        Path project = project(dir.resolve("p"), """
                profiles:
                  dev:
                    audit: {enabled: true, path: blocker/logs.jsonl}
                """);
        Fixtures.write(project, "blocker", "a file where the audit directory should be");
        assertThatThrownBy(() -> Mxcp.builder().project(project).environment(Fixtures.env(dir.resolve("home"))).build())
                .isInstanceOf(MxcpException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("audit log cannot be written")
                        .contains(project.resolve("blocker").toString()).doesNotContain("\n"));
    }

    @Test
    void retentionDeletesSegmentsWhoseNewestRecordIsOlderThan90Days() throws Exception {
        Path project = project(dir.resolve("p"), "");
        try (Mxcp mxcp = open(project)) {
            mxcp.call("guarded", Map.of("who", "today"));
        }
        Path base = project.resolve("audit/logs-dev.jsonl");
        Path old = project.resolve("audit/logs-dev-20250101T000000.jsonl");
        String line = Files.readAllLines(AuditFiles.segments(base).getFirst()).getFirst();
        Instant then = Instant.now().minus(Duration.ofDays(91));
        Files.writeString(old, (line.replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\""
                + AuditLog.TIMESTAMP.format(then) + "\"") + "\n").repeat(2));

        AuditFiles.Cleanup dry = AuditFiles.cleanup(base, Instant.now(), true);
        assertThat(dry.records()).isEqualTo(Map.of("mxcp.endpoints:v2", 2L));
        assertThat(old).exists();
        AuditFiles.Cleanup done = AuditFiles.cleanup(base, Instant.now(), false);
        assertThat(done.files()).containsExactly(old);
        assertThat(old).doesNotExist();
        assertThat(AuditFiles.query(base, AuditFiles.Filter.ALL)).hasSize(1);
    }
}

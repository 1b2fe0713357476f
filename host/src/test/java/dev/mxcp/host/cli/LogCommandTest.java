package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mxcp log} and {@code mxcp log-cleanup} on the audit log of real calls, with MXCP's filters and output. */
@Timeout(120)
class LogCommandTest {

    @TempDir
    Path dir;

    Path project;
    Map<String, String> env;

    /** Three calls of tool a (one failing), one of tool b and one of prompt p, through the embedding API. */
    @BeforeEach
    void callSomeEndpoints() {
        project = Fixtures.write(dir.resolve("p"), "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                profiles:
                  dev:
                    audit: {enabled: true}
                """).getParent();
        Fixtures.write(project, "tools/a.yml", """
                mxcp: 1
                tool:
                  name: a
                  parameters: [{name: n, type: integer, description: N}]
                  return: {type: integer}
                  source: {code: "SELECT 10 / $n"}
                """);
        Fixtures.write(project, "tools/b.yml", """
                mxcp: 1
                tool:
                  name: b
                  return: {type: string}
                  source: {code: "SELECT 'b'"}
                  policies:
                    output:
                      - {condition: "true", action: mask_fields, fields: [x]}
                """);
        Fixtures.write(project, "prompts/p.yml", """
                mxcp: 1
                prompt:
                  name: p
                  messages:
                    - {role: user, type: text, prompt: "Hello"}
                """);
        env = Fixtures.env(dir.resolve("home"));
        try (Mxcp mxcp = Mxcp.builder().project(project).environment(env).build()) {
            mxcp.call("a", Map.of("n", 2));
            mxcp.call("a", Map.of("n", 5));
            try {
                mxcp.call("a", Map.of("n", "not a number"));
            } catch (RuntimeException expected) {
                // recorded as an error
            }
            mxcp.call("b", Map.of());
        }
    }

    private JsonNode json(String... args) throws Exception {
        CliRun run = CliRun.inProject(env, project, args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode out = Json.parse(run.out());
        assertThat(out.get("status").asText()).isEqualTo("ok");
        return out.get("result");
    }

    @Test
    void sinceAndToolSelectTheToolsRecordsAsJson() throws Exception {
        JsonNode result = json("log", "--since", "1h", "--tool", "a", "--json");
        assertThat(result.get("count").asInt()).isEqualTo(3);
        for (JsonNode record : result.get("records")) {
            assertThat(record.get("operation_type").asText()).isEqualTo("tool");
            assertThat(record.get("operation_name").asText()).isEqualTo("a");
            assertThat(record.get("caller_type").asText()).isEqualTo("api");
            List<String> fields = Json.MAPPER.convertValue(record, Map.class).keySet().stream().map(String::valueOf).toList();
            assertThat(fields).containsExactly("record_id", "timestamp", "caller_type", "operation_type",
                    "operation_name", "duration_ms", "user_id", "session_id", "trace_id", "operation_status", "error",
                    "business_context", "policy_decision");
        }
        assertThat(result.at("/records/0/operation_status").asText()).as("newest first").isEqualTo("error");
        assertThat(result.at("/records/0/error").asText()).contains("n");
        assertThat(result.at("/records/0/business_context/operation_name").asText()).isEqualTo("a");

        assertThat(json("log", "--tool", "b", "--json").at("/records/0/policy_decision").asText()).isEqualTo("warn");
        assertThat(json("log", "--status", "error", "--json").get("count").asInt()).isEqualTo(1);
        assertThat(json("log", "--policy", "n/a", "--json").get("count").asInt()).isEqualTo(3);
        assertThat(json("log", "--policy", "warn", "--json").get("count").asInt()).isEqualTo(1);
        assertThat(json("log", "--type", "prompt", "--json").get("count").asInt()).isZero();
        assertThat(json("log", "--limit", "2", "--json").get("count").asInt()).isEqualTo(2);
        assertThat(json("log", "--since", "1h", "--tool", "nothing", "--json").get("count").asInt()).isZero();
    }

    @Test
    void peopleGetOneLinePerRecord() {
        CliRun run = CliRun.inProject(env, project, "log", "--tool", "a");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("\nAudit records:\n" + "=".repeat(80) + "\n")
                .containsPattern("❌ \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\[tool] a \\(\\d+ms\\) - unknown")
                .containsPattern("✅ .* \\[tool] a ").endsWith("Total records: 3\n");
        CliRun none = CliRun.inProject(env, project, "log", "--prompt", "p");
        assertThat(none.out()).isEqualTo("No audit records found matching the criteria.\n");
    }

    @Test
    void exportsToCsvAndDuckDb() throws Exception {
        Path csv = dir.resolve("out.csv");
        JsonNode exported = json("log", "--tool", "a", "--export-csv", csv.toString(), "--json");
        assertThat(exported.get("exported").asInt()).isEqualTo(3);
        assertThat(exported.get("format").asText()).isEqualTo("csv");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).startsWith("record_id,timestamp,caller_type,operation_type,operation_name");
        assertThat(lines).hasSize(4);

        Path db = dir.resolve("out.duckdb");
        CliRun run = CliRun.inProject(env, project, "log", "--export-duckdb", db.toString());
        assertThat(run.out()).isEqualTo("Exported 4 records to " + db + "\n");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
             ResultSet rows = c.createStatement().executeQuery(
                     "SELECT count(*), count(*) FILTER (operation_name = 'b') FROM audit_logs")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(4);
            assertThat(rows.getInt(2)).isEqualTo(1);
        }
    }

    /** As MXCP: only served calls are audited, not {@code mxcp run} (nor {@code mxcp test}). */
    @Test
    void runIsNotAudited() throws Exception {
        CliRun run = CliRun.inProject(env, project, "run", "tool", "a", "--param", "n=1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(json("log", "--json").get("count").asInt()).isEqualTo(4);
    }

    @Test
    void badInputAndADisabledLogGetOneLine() {
        CliRun since = CliRun.inProject(env, project, "log", "--since", "5x");
        assertThat(since.exitCode()).isEqualTo(2);
        assertThat(since.err()).isEqualTo("Error: Invalid time format: 5x. Use format like '10m', '2h', '1d'\n");
        CliRun type = CliRun.inProject(env, project, "log", "--type", "table");
        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.err()).contains("'--type'").contains("'table'");

        Map<String, String> off = Fixtures.env(dir.resolve("home"), "MXCP_AUDIT_ENABLED", "false");
        CliRun disabled = CliRun.inProject(off, project, "log");
        assertThat(disabled.exitCode()).isEqualTo(1);
        assertThat(disabled.err()).isEqualTo("Error: Audit logging is not enabled for profile 'dev'. Enable it in"
                + " mxcp-site.yml under profiles.dev.audit.enabled\n");
        CliRun cleanup = CliRun.inProject(off, project, "log-cleanup");
        assertThat(cleanup.exitCode()).isZero();
        assertThat(cleanup.out()).isEqualTo("Audit logging is not enabled for profile 'dev'\n");
    }

    /** Fail closed: a log that cannot be written stops the server before it serves, with one line naming the path. */
    @Test
    void serveRefusesToStartWhenTheLogCannotBeWritten() throws Exception {
        Fixtures.write(project, "blocker", "a file where the audit directory should be");
        Files.writeString(project.resolve("mxcp-site.yml"), Files.readString(project.resolve("mxcp-site.yml"))
                .replace("audit: {enabled: true}", "audit: {enabled: true, path: blocker/logs.jsonl}"));
        CliRun run = CliRun.inProject(env, project, "serve", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip().lines()).singleElement().asString()
                .startsWith("Error: the audit log cannot be written at " + project.resolve("blocker"))
                .doesNotContain("at dev.");
    }

    @Test
    void cleanupKeepsRecentRecords() throws Exception {
        JsonNode dry = json("log-cleanup", "--dry-run", "--json");
        assertThat(dry.get("status").asText()).isEqualTo("dry_run");
        assertThat(dry.get("message").asText()).isEqualTo("Would delete 0 records");
        CliRun run = CliRun.inProject(env, project, "log-cleanup");
        assertThat(run.out()).isEqualTo("Applying retention policies...\nNo records were deleted.\n");
        assertThat(json("log", "--json").get("count").asInt()).isEqualTo(4);
    }
}

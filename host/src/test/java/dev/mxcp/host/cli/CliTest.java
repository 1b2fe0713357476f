package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI, end to end, on a copy of examples-python with a real DuckDB file. */
class CliTest {

    @TempDir
    Path dir;

    Path project;
    Map<String, String> env;

    @BeforeEach
    void copyExample() {
        project = Fixtures.copyExample("examples-python", dir.resolve("shop"));
        env = Fixtures.env(dir.resolve("home"));
    }

    private CliRun mxcp(String... args) {
        return CliRun.inProject(env, project, args);
    }

    @Test
    void listsEveryEndpointByKind() {
        CliRun run = mxcp("list");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("tools (", "get_customer", "search_customers", "hello_world",
                "resources (1):", "customers://{customer_id}/orders", "prompts (1):", "customer_email");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void runsAToolWithTypedParametersAndPrintsJson() throws Exception {
        CliRun run = mxcp("run", "tool", "get_customer", "--param", "id=3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = Json.parse(run.out());
        assertThat(result.get("name").asText()).isEqualTo("Alan Turing");
        assertThat(result.get("joined").asText()).isEqualTo("2023-03-05");
    }

    @Test
    void jsonOutputWrapsTheResultInAnEnvelope() throws Exception {
        CliRun run = mxcp("run", "tool", "hello_world", "-p", "name=Ada", "--json-output");
        assertThat(run.exitCode()).isZero();
        JsonNode envelope = Json.parse(run.out());
        assertThat(envelope.get("status").asText()).isEqualTo("ok");
        assertThat(envelope.get("result").asText()).isEqualTo("Hello, Ada!");
    }

    @Test
    void runsATemplatedResourceByConcreteUri() throws Exception {
        CliRun run = mxcp("run", "resource", "customers://4/orders");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode rows = Json.parse(run.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("amount").decimalValue()).isEqualByComparingTo("410.25");
    }

    @Test
    void rendersAPrompt() {
        CliRun run = mxcp("run", "prompt", "customer_email", "-p", "name=Grace", "-p", "tone=formal");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Write a formal email to Grace.");
    }

    @Test
    void parameterFromAJsonFile() {
        Path topics = Fixtures.write(dir, "topics.json", "[\"refunds\", \"delays\"]");
        CliRun run = mxcp("run", "prompt", "customer_email", "-p", "name=Ada", "-p", "topics=@" + topics);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Mention: refunds, delays.");
    }

    @Test
    void userContextReachesSql() throws Exception {
        CliRun run = mxcp("run", "tool", "whoami", "--user-context", "{\"username\": \"grace\", \"email\": \"g@x.org\"}");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.parse(run.out()).get("username").asText()).isEqualTo("grace");
    }

    @Test
    void badParameterIsOneLineNamingIt() {
        CliRun run = mxcp("run", "tool", "get_customer", "--param", "id=abc");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("Error: ").contains("'id'").doesNotContain("\n").doesNotContain("at dev.");
    }

    @Test
    void missingRowForAnObjectResultNamesTheEndpoint() {
        CliRun run = mxcp("run", "tool", "get_customer", "--param", "id=99");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("Error: tool 'get_customer': No results returned");
    }

    @Test
    void policiesAreEnforcedForTheCallerOfMxcpRun() {
        Fixtures.write(project, "tools/guarded.yml", """
                mxcp: 1
                tool:
                  name: guarded
                  source: {code: SELECT 1 AS x}
                  policies:
                    input:
                      - condition: "user.role != 'admin'"
                        action: deny
                """);
        CliRun refused = mxcp("run", "tool", "guarded", "--user-context", "{\"user_id\": \"bob\", \"role\": \"user\"}");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip()).isEqualTo("Error: Policy enforcement failed: Access denied by policy");
        CliRun allowed = mxcp("run", "tool", "guarded", "--user-context", "{\"user_id\": \"ada\", \"role\": \"admin\"}");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
    }

    @Test
    void aCallerWithoutIdOrNameIsMxcpsCliUserOrTestUser() {
        Fixtures.write(project, "tools/desk.yml", """
                mxcp: 1
                tool:
                  name: desk
                  source: {code: SELECT 1 AS x}
                  policies:
                    input:
                      - condition: "user.user_id == 'cli_user' && user.username == 'cli_user' && user.provider == 'cli'"
                        action: deny
                        reason: from the command line
                      - condition: "user.user_id == 'test_user' && user.username == 'test_user' && user.provider == 'test'"
                        action: deny
                        reason: from a test
                  tests:
                    - {name: t, user_context: {role: nurse}, arguments: []}
                """);
        CliRun run = mxcp("run", "tool", "desk", "--user-context", "{\"role\": \"nurse\"}");
        assertThat(run.err().strip()).isEqualTo("Error: Policy enforcement failed: from the command line");
        CliRun test = mxcp("test", "tool", "desk");
        assertThat(test.out()).contains("Policy enforcement failed: from a test");
        CliRun named = mxcp("run", "tool", "desk", "--user-context", "{\"user_id\": \"u1\", \"username\": \"ada\"}");
        assertThat(named.exitCode()).as(named.err()).isZero();
    }

    @Test
    void malformedParamFlagIsReported() {
        CliRun run = mxcp("run", "tool", "get_customer", "--param", "id");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("Error: Parameter must be in format name=value or name=@file.json: id");
    }

    @Test
    void unknownToolIsReported() {
        CliRun run = mxcp("run", "tool", "nope");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("Error: Endpoint 'nope' not found in tools");
    }

    /** The hint of every error says to run '<command> --help', so every command answers it with its own usage. */
    @ParameterizedTest
    @ValueSource(strings = {"list", "validate", "run", "query", "test", "serve", "init", "lint"})
    void everyCommandAnswersHelpWithItsOwnUsage(String command) {
        CliRun run = mxcp(command, "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: mxcp " + command).contains("--help").contains("--version");
        assertThat(run.out()).doesNotContain("Serve and run MXCP projects");
    }

    @Test
    void unknownOptionExitsTwoWithAHint() {
        CliRun run = mxcp("run", "tool", "hello_world", "--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--bogus'").contains("--help");
    }

    @Test
    void debugShowsTheStackTrace() {
        CliRun run = mxcp("run", "tool", "get_customer", "--param", "id=abc", "--debug");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("\tat dev.mxcp.");
    }

    @Test
    void queryRunsSqlWithParameters() throws Exception {
        CliRun run = mxcp("query", "SELECT $a::INTEGER + $b::INTEGER AS total", "-p", "a=2", "-p", "b=40");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.parse(run.out()).get(0).get("total").asInt()).isEqualTo(42);
    }

    @Test
    void queryFromAFile() throws Exception {
        Path sql = Fixtures.write(dir, "q.sql", "SELECT count(*) AS n FROM read_csv('datasets/customers.csv')");
        CliRun run = mxcp("query", "--file", sql.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.parse(run.out()).get(0).get("n").asInt()).isEqualTo(5);
    }

    @Test
    void sqlErrorIsOneLine() {
        CliRun run = mxcp("query", "SELEC 1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("Error: ").contains("syntax error").doesNotContain("\n");
    }

    @Test
    void readonlyRefusesWritesAndAllowsReads() {
        assertThat(mxcp("query", "CREATE TABLE notes(t VARCHAR)").exitCode()).isZero();
        CliRun write = mxcp("query", "INSERT INTO notes VALUES ('x')", "--readonly");
        assertThat(write.exitCode()).isEqualTo(1);
        assertThat(write.err()).contains("read-only");
        assertThat(mxcp("query", "SELECT count(*) AS n FROM notes", "--readonly").exitCode()).isZero();
        env.put("MXCP_READONLY", "1");
        assertThat(mxcp("query", "INSERT INTO notes VALUES ('y')").exitCode()).isEqualTo(1);
    }

    @Test
    void databaseFileIsCreatedPerProfileUnderData() {
        assertThat(mxcp("query", "SELECT 1 AS x", "--profile", "staging").exitCode()).isZero();
        assertThat(project.resolve("data/db-staging.duckdb")).exists();
    }

    @Test
    void exampleTestsPassIncludingThePythonTutorial() {
        env.put("MXCP_CONFIG", project.resolve("mxcp-config.yml").toString());
        env.put("EXAMPLE_API_KEY", "demo-key-123");
        CliRun run = mxcp("test");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("PASS tool 'hello_world' / greets_by_name",
                "PASS tool 'personalized_greeting' / informal_greeting", "PASS tool 'customer_analysis' / alice_spending",
                "PASS tool 'api_settings' / secret_comes_from_the_user_config").containsPattern("\\d+ passed, 0 failed");
    }

    @Test
    void validateAcceptsTheExample() {
        CliRun run = mxcp("validate");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("0 invalid");
    }

    @Test
    void validateExitsOneAndNamesBothDirectionsOfAParameterMismatch() {
        Fixtures.write(project, "tools/bad.yml", """
                mxcp: 1
                tool:
                  name: bad
                  parameters:
                    - {name: declared_only, type: string}
                  source:
                    code: SELECT $used_only AS x
                """);
        CliRun run = mxcp("validate");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("INVALID tool 'bad'")
                .contains("SQL uses $used_only, which is not a declared parameter")
                .contains("parameter 'declared_only' is declared but the SQL never uses $declared_only");
    }

    @Test
    void validateReportsSqlThatDoesNotPrepareAndUndeclaredTemplateVariables() {
        Fixtures.write(project, "tools/broken.yml", "mxcp: 1\ntool:\n  name: broken\n  source:\n    code: SELECT * FROM no_such_table\n");
        Fixtures.write(project, "prompts/leaky.yml", """
                mxcp: 1
                prompt:
                  name: leaky
                  parameters:
                    - {name: topic, type: string}
                  messages:
                    - prompt: "{{ topic }} for {{ audience }}"
                """);
        CliRun run = mxcp("validate");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("SQL does not prepare:").contains("no_such_table")
                .contains("message 1 uses undefined template variables: audience");
    }

    @Test
    void validateOneFile() {
        CliRun run = mxcp("validate", project.resolve("tools/hello_world.yml").toString());
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("tool 'hello_world'").contains("1 checked");
    }

    @Test
    void failingAssertionFailsTheRun() {
        Fixtures.write(project, "tools/wrong.yml", """
                mxcp: 1
                tool:
                  name: wrong
                  return: {type: integer}
                  source: {code: SELECT 41 AS answer}
                  tests:
                    - name: expects_42
                      arguments: []
                      result: 42
                """);
        CliRun run = mxcp("test", "tool", "wrong");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL tool 'wrong' / expects_42").contains("Result does not match expected output. Expected: 42 Got: 41")
                .contains("0 passed, 1 failed");
    }

    @Test
    void brokenProjectFileIsOneLine() {
        Fixtures.write(project, "mxcp-site.yml", "mxcp: 1\nproject: shop\nprofile: default\nextensions: json\n");
        CliRun run = mxcp("list");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).matches("Error: .*mxcp-site.yml:4:13: extensions: expected a list, got string 'json'");
    }
}

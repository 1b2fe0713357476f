package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files MXCP accepts load here, and the CLI answers as MXCP's does: each case from MXCP's models, tests or CLI. */
class MxcpParityTest {

    @TempDir
    Path dir;

    Path project;
    Map<String, String> env;

    @BeforeEach
    void writeProject() {
        project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                profiles:
                  dev:
                    duckdb:
                      path: ":memory:"
                """);
        env = Fixtures.env(dir.resolve("home"));
    }

    private CliRun mxcp(String... args) {
        return CliRun.inProject(env, project, args);
    }

    @Test
    void promptMessagesTakeMxcpsRolesAndRenderThemAsWritten() throws Exception {
        // MXCP's PromptMessageModel: prompt required, role and type free text and optional
        Fixtures.write(project, "prompts/brief.yml", """
                mxcp: 1
                prompt:
                  name: brief
                  parameters:
                    - {name: topic, type: string, description: The topic}
                  messages:
                    - {role: system, type: text, prompt: "You are terse."}
                    - {prompt: "Explain {{ topic }}."}
                    - {role: user, type: image, prompt: "MXCP takes any type with a prompt"}
                """);
        assertThat(mxcp("list").exitCode()).isZero();
        CliRun validate = mxcp("validate");
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
        CliRun run = mxcp("run", "prompt", "brief", "--param", "topic=joins");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode messages = Json.parse(run.out());
        assertThat(messages.toString()).isEqualTo("[{\"role\":\"system\",\"type\":\"text\",\"prompt\":\"You are terse.\"},"
                + "{\"role\":null,\"type\":null,\"prompt\":\"Explain joins.\"},"
                + "{\"role\":\"user\",\"type\":\"image\",\"prompt\":\"MXCP takes any type with a prompt\"}]");
    }

    @Test
    void resourcesTakeParametersOutsideTheirUriAndValidateSaysWhatMxcpSays() throws Exception {
        // MXCP's loader takes these; its validator refuses parameters that are not URI variables, nothing else
        Fixtures.write(project, "resources/users.yml", """
                mxcp: 1
                resource:
                  uri: users://{id}
                  parameters:
                    - {name: id, type: integer, description: The user}
                    - {name: fields, type: string, description: Which fields, default: all}
                  source: {code: "SELECT $id AS id, $fields AS fields"}
                """);
        Fixtures.write(project, "resources/report.yml", """
                mxcp: 1
                resource:
                  uri: reports://{year}/{section}
                  parameters:
                    - {name: year, type: integer, description: The year}
                  source: {code: "SELECT $year AS year"}
                """);
        CliRun list = mxcp("list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("users://{id}", "reports://{year}/{section}");

        CliRun byTemplate = mxcp("run", "resource", "users://{id}", "--param", "id=7", "--param", "fields=name");
        assertThat(byTemplate.exitCode()).as(byTemplate.err()).isZero();
        assertThat(Json.parse(byTemplate.out()).toString()).isEqualTo("[{\"id\":7,\"fields\":\"name\"}]");
        CliRun byUri = mxcp("run", "resource", "users://8", "--param", "fields=email");
        assertThat(byUri.exitCode()).as(byUri.err()).isZero();
        assertThat(Json.parse(byUri.out()).toString()).isEqualTo("[{\"id\":8,\"fields\":\"email\"}]");
        CliRun unnamedVariable = mxcp("run", "resource", "reports://2024/summary");
        assertThat(unnamedVariable.exitCode()).as(unnamedVariable.err()).isZero();
        assertThat(Json.parse(unnamedVariable.out()).toString()).isEqualTo("[{\"year\":2024}]");

        CliRun validate = mxcp("validate");
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out()).contains("Resource parameter(s) ['fields'] are not used in uri 'users://{id}'. "
                + "Put them in the uri or make a 'tool:' instead.");
        assertThat(validate.out()).doesNotContain("INVALID resource 'reports://");
    }

    private void writeTools() {
        Fixtures.write(project, "tools/echo.yml", """
                mxcp: 1
                tool:
                  name: echo
                  parameters:
                    - {name: value, type: object, description: Anything}
                  source: {code: "SELECT $value AS value"}
                """);
        Fixtures.write(project, "tools/paused.yml", """
                mxcp: 1
                tool:
                  name: paused
                  enabled: false
                  source: {code: "SELECT 1 AS x"}
                """);
    }

    @Test
    void missingAndDisabledEndpointsAreNotFoundAsInMxcp() {
        // service.py: FileNotFoundError(f"Endpoint '{name}' not found in {endpoint_type}s"); disabled ones are skipped
        writeTools();
        CliRun missing = mxcp("run", "tool", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("Error: Endpoint 'nope' not found in tools");
        CliRun disabled = mxcp("run", "tool", "paused");
        assertThat(disabled.exitCode()).isEqualTo(1);
        assertThat(disabled.err().strip()).isEqualTo(
                "Error: Endpoint 'paused' not found in tools (tool 'paused' is disabled: enabled: false in paused.yml)");
        CliRun resource = mxcp("run", "resource", "x://nothing");
        assertThat(resource.err().strip()).isEqualTo("Error: Endpoint 'x://nothing' not found in resources");
        CliRun prompt = mxcp("run", "prompt", "nothing", "--json-output");
        assertThat(prompt.exitCode()).isEqualTo(1);
        assertThat(prompt.out()).contains("\"error\": \"Endpoint 'nothing' not found in prompts\"");
    }

    @Test
    void aPromptThatAsksTheUserSaysThereIsNoOneToAskFromTheCommandLine() {
        Fixtures.write(project, "prompts/asking.yml", """
                mxcp: 1
                prompt:
                  name: asking
                  asks:
                    - {key: who, message: "Who?", schema: {type: object, properties: {name: {type: string}}}}
                  messages:
                    - prompt: "Hello {{ who.name }}"
                """);
        CliRun run = mxcp("run", "prompt", "asking");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: elicitation needs an MCP client that supports it; none is connected")
                .doesNotContain("internal error");
    }

    @Test
    void commandLineMistakesSayWhatMxcpSaysAndExitTwo() throws Exception {
        // run.py / test_cli_run.py: click.BadParameter, exit code 2
        writeTools();
        CliRun format = mxcp("run", "tool", "echo", "--param", "value");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err().strip()).isEqualTo(
                "Error: Parameter must be in format name=value or name=@file.json: value");
        Path absent = dir.resolve("absent.json");
        CliRun notFound = mxcp("run", "tool", "echo", "--param", "value=@" + absent);
        assertThat(notFound.exitCode()).isEqualTo(2);
        assertThat(notFound.err().strip()).isEqualTo("Error: JSON file not found: " + absent);
        Path broken = Fixtures.write(dir, "broken.json", "{\"a\": ");
        CliRun invalid = mxcp("run", "tool", "echo", "--param", "value=@" + broken);
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err().strip()).startsWith("Error: Invalid JSON in file " + broken + ": ");
        CliRun context = mxcp("run", "tool", "echo", "--param", "value={}", "--user-context", "{oops");
        assertThat(context.exitCode()).isEqualTo(2);
        assertThat(context.err().strip()).startsWith("Error: Invalid JSON in user context: ");
        CliRun contextFile = mxcp("run", "tool", "echo", "--param", "value={}", "--user-context", "@" + absent);
        assertThat(contextFile.err().strip()).isEqualTo("Error: User context file not found: " + absent);
        CliRun headers = mxcp("run", "tool", "echo", "--param", "value={}", "--request-headers", "[1]");
        assertThat(headers.exitCode()).isEqualTo(2);
        assertThat(headers.err().strip()).isEqualTo("Error: Request headers must be a JSON object");
        CliRun headersFile = mxcp("run", "tool", "echo", "--param", "value={}", "--request-headers", "@" + broken);
        assertThat(headersFile.err().strip()).startsWith("Error: Invalid JSON in request headers file " + broken + ": ");

        // as in MXCP, a parameter given twice takes its last value
        Path good = Fixtures.write(dir, "good.json", "{\"a\": [1, 2]}");
        CliRun twice = mxcp("run", "tool", "echo", "--param", "value={}", "--param", "value=@" + good);
        assertThat(twice.exitCode()).as(twice.err()).isZero();
        assertThat(Json.parse(twice.out()).toString()).contains("{\"a\":[1,2]}");
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageErrorWithExitCodeTwo() {
        for (String[] args : new String[][] {{"frobnicate"}, {"frobnicate", "--help"}, {"--frobnicate"}}) {
            CliRun run = CliRun.of(env, args);
            assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.out() + run.err()).isEqualTo(2);
            assertThat(run.err()).contains("frobnicate").contains("mxcp --help");
            assertThat(run.out()).isEmpty();
        }
        assertThat(mxcp("run", "tool", "x", "--bogus").exitCode()).isEqualTo(2);
        assertThat(CliRun.of(env, "--help").exitCode()).isZero();
        assertThat(CliRun.of(env, "list", "--help").exitCode()).isZero();
    }

    @Test
    void withoutRequestHeadersTheSqlFunctionsAreNull() throws Exception {
        // MXCP's test_runner.py (test_headers_sql_returns_null_when_missing): NULL, not '{}'
        Fixtures.write(project, "tools/headers_sql.yml", """
                mxcp: 1
                tool:
                  name: headers_sql
                  source:
                    code: SELECT get_request_header('Authorization') AS auth, get_request_headers_json() AS headers_json
                """);
        CliRun none = mxcp("run", "tool", "headers_sql");
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(Json.parse(none.out()).toString()).isEqualTo("[{\"auth\":null,\"headers_json\":null}]");
        CliRun some = mxcp("run", "tool", "headers_sql", "--request-headers", "{\"Authorization\": \"Bearer t\"}");
        assertThat(Json.parse(some.out()).at("/0/auth").asText()).isEqualTo("Bearer t");
        CliRun empty = mxcp("run", "tool", "headers_sql", "--request-headers", "{}");
        assertThat(Json.parse(empty.out()).at("/0/headers_json").asText()).isEqualTo("{}");
    }

    @Test
    void aPromptsTestsCheckItsLastAssistantMessageParsedAsJson() {
        // MXCP's runners/test.py normalize_result (fixture tester/prompts/test_result_contains_primitives.yml)
        Fixtures.write(project, "prompts/answers.yml", """
                mxcp: 1
                prompt:
                  name: answers
                  parameters:
                    - {name: kind, type: string, description: What to answer}
                  messages:
                    - {role: user, prompt: "Give me {{ kind }}"}
                    - role: assistant
                      prompt: |
                        {% if kind == "list" %}
                        ["apple", "banana"]
                        {% elif kind == "dict" %}
                        {"name": "John", "age": 30}
                        {% else %}
                        just text
                        {% endif %}
                  tests:
                    - name: list
                      arguments: [{key: kind, value: list}]
                      result_contains: banana
                    - name: dict
                      arguments: [{key: kind, value: dict}]
                      result_contains: {name: John}
                    - name: text
                      arguments: [{key: kind, value: other}]
                      result: just text
                """);
        CliRun test = mxcp("test");
        assertThat(test.exitCode()).as(test.out() + test.err()).isZero();
        assertThat(test.out()).contains("3 passed, 0 failed");
    }

    @Test
    void validateFindsUndeclaredVariablesReadOnlyInTags() {
        // fixture validation/prompts/invalid_complex_jinja_prompt.yml: MXCP (jinja2.meta) names user_type too
        Fixtures.write(project, "prompts/welcome.yml", """
                mxcp: 1
                prompt:
                  name: welcome
                  parameters:
                    - {name: topic, type: string, description: The topic}
                  messages:
                    - prompt: |
                        {% set greeting = 'Welcome' %}
                        {% if user_type == 'admin' %}{{ greeting }} admin {{ username }}!{% endif %}
                        {% for item in items %}- {{ item.name }} on {{ topic }} ({{ loop.index }}){% endfor %}
                """);
        CliRun validate = mxcp("validate");
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out()).contains("message 1 uses undefined template variables: items, user_type, username\n");
    }

    @Test
    void mxcpConfigMayBeDevNullAndAMissingOneIsNotFound() {
        // user_config.py: any path that exists (an empty file is no configuration), else "not found"
        Fixtures.write(project, "tools/one.yml", "mxcp: 1\ntool:\n  name: one\n  source: {code: SELECT 1 AS x}\n");
        Map<String, String> devNull = new java.util.HashMap<>(env);
        devNull.put("MXCP_CONFIG", "/dev/null");
        CliRun run = CliRun.inProject(devNull, project, "run", "tool", "one");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, String> missing = new java.util.HashMap<>(env);
        missing.put("MXCP_CONFIG", dir.resolve("nope.yml").toString());
        CliRun absent = CliRun.inProject(missing, project, "run", "tool", "one");
        assertThat(absent.exitCode()).isEqualTo(1);
        assertThat(absent.err().strip()).isEqualTo("Error: MXCP user config not found at " + dir.resolve("nope.yml") + " (MXCP_CONFIG)");
    }
}

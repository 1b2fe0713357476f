package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json-output} of list, validate, test and query in MXCP 0.12.3's shapes: the envelope of
 * {@code interfaces/cli/utils.py:output_result}, and inside it the structure each command prints
 * ({@code interfaces/cli/{list,validate,test,query}.py} and the Pydantic models they dump with
 * {@code model_dump(mode="json", exclude_none=True)}: {@code services/endpoints/models.py},
 * {@code services/tests/models.py}).
 */
class JsonOutputTest {

    @TempDir
    Path dir;

    Path project;
    Map<String, String> env;

    @BeforeEach
    void writeProject() {
        project = Fixtures.project(dir.resolve("demo"));
        env = Fixtures.env(dir.resolve("home"));
        Fixtures.write(project, "tools/double_it.yml", """
                mxcp: 1
                tool:
                  name: double_it
                  description: Doubles n.
                  parameters:
                    - {name: n, type: integer, description: A number}
                  return: {type: integer}
                  source: {code: SELECT $n * 2 AS doubled}
                  tests:
                    - name: two_is_four
                      description: 2 doubled
                      arguments: [{key: n, value: 2}]
                      result: 4
                    - name: three_is_six
                      arguments: [{key: n, value: 3}]
                      result: 6
                """);
        Fixtures.write(project, "tools/no_tests.yml", """
                mxcp: 1
                tool:
                  name: no_tests
                  source: {code: SELECT 1 AS one}
                """);
        Fixtures.write(project, "tools/switched_off.yml", """
                mxcp: 1
                tool:
                  name: switched_off
                  enabled: false
                  source: {code: SELECT 1 AS one}
                """);
        Fixtures.write(project, "resources/about.yml", """
                mxcp: 1
                resource:
                  uri: "info://about"
                  source: {code: SELECT 'demo' AS name}
                """);
        Fixtures.write(project, "prompts/greet.yml", """
                mxcp: 1
                prompt:
                  name: greet
                  parameters:
                    - {name: who, type: string, description: Whom}
                  messages:
                    - {role: user, prompt: "Greet {{ who }}"}
                """);
    }

    private JsonNode json(int exitCode, String... args) throws Exception {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--json-output";
        CliRun run = CliRun.inProject(env, project, all);
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exitCode);
        return Json.parse(run.out());
    }

    /** The {@code {"status": "ok", "result": ...}} envelope; returns the result. */
    private static JsonNode ok(JsonNode envelope) {
        assertThat(fields(envelope)).containsExactly("status", "result");
        assertThat(envelope.get("status").asText()).isEqualTo("ok");
        return envelope.get("result");
    }

    private static List<String> fields(JsonNode node) {
        assertThat(node.getNodeType()).isEqualTo(JsonNodeType.OBJECT);
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " = " + value + " in " + array);
    }

    // list: {"status": "ok"|"error", "endpoints": [{"path", "kind", "name", "error"}]}

    @Test
    void listAsMxcp() throws Exception {
        JsonNode result = ok(json(0, "list"));
        assertThat(fields(result)).containsExactly("status", "endpoints");
        assertThat(result.get("status").asText()).isEqualTo("ok");
        JsonNode endpoints = result.get("endpoints");
        assertThat(endpoints).hasSize(4); // the disabled tool is left out, as MXCP's discovery skips it
        for (JsonNode entry : endpoints) {
            assertThat(fields(entry)).containsExactly("path", "kind", "name", "error");
            assertThat(entry.get("error").asText()).isEmpty();
            assertThat(Path.of(entry.get("path").asText())).isAbsolute();
        }
        JsonNode tool = byField(endpoints, "name", "double_it");
        assertThat(tool.get("kind").asText()).isEqualTo("tool");
        assertThat(tool.get("path").asText()).isEqualTo(project.resolve("tools/double_it.yml").toString());
        assertThat(byField(endpoints, "name", "info://about").get("kind").asText()).isEqualTo("resource");
        assertThat(byField(endpoints, "name", "greet").get("kind").asText()).isEqualTo("prompt");
    }

    @Test
    void listShowsAFileThatFailedToLoadAsMxcp() throws Exception {
        Fixtures.write(project, "tools/broken.yml", "mxcp: 1\ntool:\n  name: broken\n  parameters: 12\n");
        // MXCP exits 0 here; this project exits 1 when a file failed to load.
        JsonNode result = ok(json(1, "list"));
        assertThat(result.get("status").asText()).isEqualTo("error");
        JsonNode broken = byField(result.get("endpoints"), "path", project.resolve("tools/broken.yml").toString());
        assertThat(fields(broken)).containsExactly("path", "kind", "name", "error");
        assertThat(broken.get("kind").asText()).isEqualTo("unknown");
        assertThat(broken.get("name").asText()).isEqualTo("unknown");
        assertThat(broken.get("error").asText()).contains("parameters");
        assertThat(byField(result.get("endpoints"), "name", "double_it").get("error").asText()).isEmpty();
    }

    // validate: {"status", "validated": [{"status", "path", "message"?}], "message"?}; one file: the entry alone

    @Test
    void validateAsMxcp() throws Exception {
        JsonNode result = ok(json(0, "validate"));
        assertThat(fields(result)).containsExactly("status", "validated");
        assertThat(result.get("status").asText()).isEqualTo("ok");
        JsonNode validated = result.get("validated");
        assertThat(validated).isNotEmpty();
        for (JsonNode entry : validated) {
            assertThat(fields(entry)).containsExactly("status", "path"); // no message when valid (exclude_none)
            assertThat(entry.get("status").asText()).isEqualTo("ok");
        }
        byField(validated, "path", Path.of("tools", "double_it.yml").toString());
    }

    @Test
    void validateReportsInvalidEndpointsAndFilesThatFailedToLoadAsMxcp() throws Exception {
        Fixtures.write(project, "tools/mismatch.yml", """
                mxcp: 1
                tool:
                  name: mismatch
                  parameters:
                    - {name: declared_only, type: string, description: x}
                  source: {code: SELECT $used_only AS x}
                """);
        Path broken = Fixtures.write(project, "tools/broken.yml", "mxcp: 1\ntool:\n  name: broken\n  parameters: 12\n");
        // MXCP exits 0 and only reports; this project exits 1 when anything is invalid.
        JsonNode result = ok(json(1, "validate"));
        assertThat(fields(result)).containsExactly("status", "validated");
        assertThat(result.get("status").asText()).isEqualTo("error");
        JsonNode validated = result.get("validated");
        JsonNode mismatch = byField(validated, "path", Path.of("tools", "mismatch.yml").toString());
        assertThat(fields(mismatch)).containsExactly("status", "path", "message");
        assertThat(mismatch.get("status").asText()).isEqualTo("error");
        assertThat(mismatch.get("message").asText()).contains("$used_only").contains("declared_only");
        JsonNode failed = byField(validated, "path", broken.toString());
        assertThat(failed.get("status").asText()).isEqualTo("error");
        assertThat(failed.get("message").asText()).contains("parameters");
        assertThat(byField(validated, "path", Path.of("tools", "double_it.yml").toString()).get("status").asText())
                .isEqualTo("ok");
    }

    @Test
    void validateOneFileIsTheEntryAlone() throws Exception {
        JsonNode result = ok(json(0, "validate", project.resolve("tools/double_it.yml").toString()));
        assertThat(fields(result)).containsExactly("status", "path");
        assertThat(result.get("status").asText()).isEqualTo("ok");
        assertThat(result.get("path").asText()).isEqualTo(Path.of("tools", "double_it.yml").toString());

        String missing = project.resolve("tools/nope.yml").toString();
        JsonNode notFound = ok(json(1, "validate", missing));
        assertThat(fields(notFound)).containsExactly("status", "path", "message");
        assertThat(notFound.get("status").asText()).isEqualTo("error");
        assertThat(notFound.get("path").asText()).isEqualTo(missing);
    }

    @Test
    void validateWithoutEndpointsSaysSoAsMxcp() throws Exception {
        Path empty = Fixtures.project(dir.resolve("empty"));
        CliRun run = CliRun.inProject(env, empty, "validate", "--json-output");
        JsonNode result = ok(Json.parse(run.out()));
        assertThat(fields(result)).containsExactly("status", "validated", "message");
        assertThat(result.get("status").asText()).isEqualTo("error");
        assertThat(result.get("validated")).isEmpty();
        assertThat(result.get("message").asText()).isEqualTo("No endpoints found");
    }

    // test: {"status", "tests_run", "endpoints": [{"endpoint", "path", "test_results": {"status", "tests_run",
    // "tests": [{"name", "description", "status", "error"?, "time"}], "no_tests", "message"?}}]}

    private static final List<String> SUITE = List.of("status", "tests_run", "tests", "no_tests");

    @Test
    void testAsMxcp() throws Exception {
        JsonNode result = ok(json(0, "test"));
        assertThat(fields(result)).containsExactly("status", "tests_run", "endpoints");
        assertThat(result.get("status").asText()).isEqualTo("ok");
        assertThat(result.get("tests_run").isInt()).isTrue();
        assertThat(result.get("tests_run").asInt()).isEqualTo(2);
        JsonNode endpoints = result.get("endpoints");
        assertThat(endpoints).hasSize(4); // every enabled endpoint, with tests or not
        for (JsonNode entry : endpoints) {
            assertThat(fields(entry)).containsExactly("endpoint", "path", "test_results");
            assertThat(fields(entry.get("test_results"))).containsExactlyElementsOf(SUITE);
        }
        JsonNode doubled = byField(endpoints, "endpoint", "tool/double_it");
        assertThat(doubled.get("path").asText()).isEqualTo(Path.of("tools", "double_it.yml").toString());
        JsonNode suite = doubled.get("test_results");
        assertThat(suite.get("status").asText()).isEqualTo("ok");
        assertThat(suite.get("tests_run").asInt()).isEqualTo(2);
        assertThat(suite.get("no_tests").isBoolean()).isTrue();
        assertThat(suite.get("no_tests").asBoolean()).isFalse();
        JsonNode first = suite.get("tests").get(0);
        assertThat(fields(first)).containsExactly("name", "description", "status", "time");
        assertThat(first.get("name").asText()).isEqualTo("two_is_four");
        assertThat(first.get("description").asText()).isEqualTo("2 doubled");
        assertThat(first.get("status").asText()).isEqualTo("passed");
        assertThat(first.get("time").isFloatingPointNumber()).isTrue();
        assertThat(suite.get("tests").get(1).get("description").asText()).isEmpty();

        JsonNode untested = byField(endpoints, "endpoint", "tool/no_tests").get("test_results");
        assertThat(untested.get("status").asText()).isEqualTo("ok");
        assertThat(untested.get("tests")).isEmpty();
        assertThat(untested.get("no_tests").asBoolean()).isTrue();
        byField(endpoints, "endpoint", "resource/info://about");
        byField(endpoints, "endpoint", "prompt/greet");
    }

    @Test
    void testReportsFailuresErrorsAndFilesThatFailedToLoadAsMxcp() throws Exception {
        Fixtures.write(project, "tools/wrong.yml", """
                mxcp: 1
                tool:
                  name: wrong
                  parameters:
                    - {name: n, type: integer, description: A number}
                  return: {type: integer}
                  source: {code: "SELECT CASE WHEN $n > 0 THEN 41 ELSE error('boom') END AS answer"}
                  tests:
                    - name: expects_42
                      arguments: [{key: n, value: 1}]
                      result: 42
                    - name: blows_up
                      arguments: [{key: n, value: 0}]
                      result: 42
                """);
        Path broken = Fixtures.write(project, "tools/broken.yml", "mxcp: 1\ntool:\n  name: broken\n  parameters: 12\n");
        JsonNode result = ok(json(1, "test"));
        assertThat(result.get("status").asText()).isEqualTo("error");
        assertThat(result.get("tests_run").asInt()).isEqualTo(4);
        JsonNode endpoints = result.get("endpoints");

        JsonNode wrong = byField(endpoints, "endpoint", "tool/wrong").get("test_results");
        assertThat(fields(wrong)).containsExactlyElementsOf(SUITE);
        assertThat(wrong.get("status").asText()).isEqualTo("error");
        JsonNode failed = byField(wrong.get("tests"), "name", "expects_42");
        assertThat(fields(failed)).containsExactly("name", "description", "status", "error", "time");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).contains("42").contains("41");
        JsonNode errored = byField(wrong.get("tests"), "name", "blows_up");
        assertThat(errored.get("status").asText()).isEqualTo("error");
        assertThat(errored.get("error").asText()).contains("boom");

        JsonNode load = byField(endpoints, "endpoint", broken.toString());
        assertThat(fields(load)).containsExactly("endpoint", "path", "test_results");
        assertThat(load.get("path").asText()).isEqualTo(Path.of("tools", "broken.yml").toString());
        JsonNode loadResults = load.get("test_results");
        assertThat(fields(loadResults)).containsExactly("status", "tests_run", "tests", "no_tests", "message");
        assertThat(loadResults.get("status").asText()).isEqualTo("error");
        assertThat(loadResults.get("tests_run").asInt()).isZero();
        assertThat(loadResults.get("message").asText()).contains("parameters");
        assertThat(byField(endpoints, "endpoint", "tool/double_it").get("test_results").get("status").asText())
                .isEqualTo("ok");
    }

    @Test
    void testOfOneFailingEndpointIsItsSuiteAlone() throws Exception {
        Fixtures.write(project, "tools/wrong.yml", """
                mxcp: 1
                tool:
                  name: wrong
                  return: {type: integer}
                  source: {code: SELECT 41 AS answer}
                  tests:
                    - {name: expects_42, arguments: [], result: 42}
                """);
        JsonNode suite = ok(json(1, "test", "tool", "wrong"));
        assertThat(fields(suite)).containsExactlyElementsOf(SUITE);
        assertThat(suite.get("status").asText()).isEqualTo("failed");
        assertThat(suite.get("tests_run").asInt()).isEqualTo(1);
        assertThat(suite.get("tests").get(0).get("status").asText()).isEqualTo("failed");

        JsonNode passing = ok(json(0, "test", "tool", "double_it"));
        assertThat(passing.get("status").asText()).isEqualTo("ok");

        JsonNode missing = ok(json(1, "test", "tool", "nope"));
        assertThat(fields(missing)).containsExactly("status", "tests_run", "tests", "no_tests", "message");
        assertThat(missing.get("status").asText()).isEqualTo("error");
        assertThat(missing.get("message").asText()).contains("nope");
    }

    // query: {"status": "ok", "result": [{column: value}]}; failure: {"status": "error", "error": message}

    @Test
    void queryAsMxcp() throws Exception {
        JsonNode rows = ok(json(0, "query", "SELECT * FROM (VALUES (1, 'a', 1.5, true, NULL), (2, 'b', 2.5, false, 'x'))"
                + " t(id, name, score, flag, note) WHERE id >= $min ORDER BY id", "-p", "min=1"));
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(fields(first)).containsExactly("id", "name", "score", "flag", "note");
        assertThat(first.get("id").isIntegralNumber()).isTrue();
        assertThat(first.get("name").isTextual()).isTrue();
        assertThat(first.get("score").isNumber()).isTrue();
        assertThat(first.get("flag").isBoolean()).isTrue();
        assertThat(first.get("note").isNull()).isTrue();
        assertThat(rows.get(1).get("note").asText()).isEqualTo("x");

        assertThat(ok(json(0, "query", "SELECT 1 AS x WHERE false"))).isEmpty();
    }

    @Test
    void queryFailureIsTheErrorEnvelope() throws Exception {
        JsonNode envelope = json(1, "query", "SELEC 1");
        assertThat(fields(envelope)).containsExactly("status", "error");
        assertThat(envelope.get("status").asText()).isEqualTo("error");
        assertThat(envelope.get("error").asText()).contains("syntax error");
    }
}

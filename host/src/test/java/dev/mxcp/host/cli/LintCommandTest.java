package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mxcp lint} through the real command line on a project with one endpoint per kind of finding. */
class LintCommandTest {

    @TempDir
    Path dir;

    Path project;
    Map<String, String> env;

    /** Every rule fires on bare.yml; complete.yml passes; broken.yml does not load and is left out. */
    @BeforeEach
    void writeProject() {
        project = Fixtures.project(dir.resolve("lint"));
        env = Fixtures.env(dir.resolve("home"));
        Fixtures.write(project, "tools/bare.yml", """
                mxcp: 1
                tool:
                  name: bare
                  parameters:
                    - name: ids
                      type: array
                      items:
                        type: integer
                  return:
                    type: object
                    properties:
                      total:
                        type: number
                      rows:
                        type: array
                        description: The rows
                        items:
                          type: object
                          properties:
                            id:
                              type: integer
                              description: Row id
                  source:
                    code: SELECT 1 AS total
                """);
        Fixtures.write(project, "tools/complete.yml", """
                mxcp: 1
                tool:
                  name: complete
                  description: Adds one
                  tags: [math]
                  annotations:
                    readOnlyHint: true
                  parameters:
                    - name: n
                      type: integer
                      description: A number
                      examples: [1, 2]
                      default: 0
                  return:
                    type: integer
                    description: n plus one
                  source:
                    code: SELECT $n + 1
                  tests:
                    - name: adds
                      description: One more than two
                      arguments:
                        - key: n
                          value: 2
                      result: 3
                """);
        Fixtures.write(project, "tools/tested.yml", """
                mxcp: 1
                tool:
                  name: tested
                  description: Says hi
                  tags: [demo]
                  annotations: {}
                  tests:
                    - name: says_hi
                      arguments: []
                  source:
                    code: SELECT 'hi' AS greeting
                """);
        Fixtures.write(project, "tools/broken.yml", "mxcp: 1\ntool: [\n");
        Fixtures.write(project, "resources/numbers.yml", """
                mxcp: 1
                resource:
                  uri: data://numbers
                  tags: [data]
                  source:
                    code: SELECT 1 AS n
                """);
        Fixtures.write(project, "prompts/greet.yml", """
                mxcp: 1
                prompt:
                  name: greet
                  description: Greets
                  parameters:
                    - name: who
                      type: string
                      description: Who to greet
                      examples: [Ada]
                  messages:
                    - prompt: "Hello {{ who }}"
                """);
    }

    private CliRun lint(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "lint";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.inProject(env, project, all);
    }

    private List<JsonNode> issues(String... args) throws Exception {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--json-output";
        CliRun run = lint(all);
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode envelope = Json.parse(run.out());
        assertThat(envelope.get("status").asText()).isEqualTo("ok");
        List<JsonNode> issues = new ArrayList<>();
        envelope.get("result").forEach(issues::add);
        return issues;
    }

    private String file(String relative) {
        return project.resolve(relative).toString();
    }

    @Test
    void everyRuleFiresWithMxcpsSeverityLocationAndMessage() throws Exception {
        List<JsonNode> bare = issues().stream().filter(i -> i.get("path").asText().equals(file("tools/bare.yml"))).toList();
        assertThat(bare).extracting(i -> i.get("severity").asText(), i -> i.get("location").asText(), i -> i.get("message").asText())
                .containsExactly(
                        tuple("warning", "tool.description", "Tool is missing a description"),
                        tuple("info", "tool.tags", "Tool has no tags"),
                        tuple("warning", "tool.tests", "Tool has no tests defined"),
                        tuple("error", "tool.parameters[0].description", "Parameter 'ids' is missing a description"),
                        tuple("info", "tool.parameters[0].examples", "Parameter 'ids' has no examples"),
                        tuple("info", "tool.parameters[0].default", "Parameter 'ids' has no default value"),
                        tuple("warning", "tool.parameters[0].items", "Type 'integer' is missing a description"),
                        tuple("warning", "tool.return.description", "Return type is missing a description"),
                        tuple("warning", "tool.return.properties.total", "Property 'total' is missing a description"),
                        tuple("warning", "tool.return.properties.rows.items", "Type 'object' is missing a description"),
                        tuple("info", "tool.annotations", "Tool has no behavioral annotations"));
        assertThat(bare.get(3).get("suggestion").asText())
                .isEqualTo("Add a 'description' field to explain what this parameter does");
    }

    @Test
    void jsonIsMxcpsFlatListOfIssues() throws Exception {
        List<JsonNode> issues = issues();
        assertThat(issues).hasSize(17);
        for (JsonNode issue : issues) {
            assertThat(issue.properties()).extracting(Map.Entry::getKey)
                    .containsExactly("severity", "path", "location", "message", "suggestion");
        }
        assertThat(issues).extracting(i -> i.get("path").asText()).doesNotContain(
                file("tools/complete.yml"), file("tools/broken.yml"));
        assertThat(issues).extracting(i -> i.get("path").asText(), i -> i.get("location").asText(), i -> i.get("message").asText())
                .contains(
                        tuple(file("tools/tested.yml"), "tool.tests[0].description", "Test 'says_hi' is missing a description"),
                        tuple(file("tools/tested.yml"), "tool.annotations", "Tool has no behavioral annotations"),
                        tuple(file("resources/numbers.yml"), "resource.description", "Resource is missing a description"),
                        tuple(file("resources/numbers.yml"), "resource.tests", "Resource has no tests defined"),
                        tuple(file("prompts/greet.yml"), "prompt.tags", "Prompt has no tags"),
                        tuple(file("prompts/greet.yml"), "prompt.parameters[0].default", "Parameter 'who' has no default value"));
        // prompts have no tests and tools alone have annotations
        assertThat(issues).extracting(i -> i.get("location").asText())
                .doesNotContain("prompt.tests", "prompt.annotations", "resource.annotations");
    }

    @Test
    void severityKeepsExactlyThatLevelAsMxcpDoes() throws Exception {
        assertThat(issues("--severity", "warning")).hasSize(8).allSatisfy(i -> assertThat(i.get("severity").asText()).isEqualTo("warning"));
        assertThat(issues("--severity", "info")).hasSize(8).allSatisfy(i -> assertThat(i.get("severity").asText()).isEqualTo("info"));
        assertThat(issues("--severity", "all")).extracting(i -> i.get("severity").asText()).contains("error", "warning", "info");

        CliRun warnings = lint("--severity", "warning");
        assertThat(warnings.out()).contains("   • 2 files with suggestions\n   • 8 warnings\n\n📄 ").doesNotContain("ℹ️", "❌")
                .contains("✅ Passed linting:\n  ✓ " + file("prompts/greet.yml") + "\n  ✓ " + file("tools/complete.yml")
                        + "\n  ✓ " + file("tools/tested.yml") + "\n");
    }

    @Test
    void humanOutputIsMxcpsReport() {
        CliRun run = lint();
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        String out = run.out();
        assertThat(out).startsWith("\n🔍 Lint Results\n   Checked 5 endpoint files\n   • 4 files with suggestions\n"
                + "   • 1 errors\n   • 8 warnings\n   • 8 suggestions\n");
        assertThat(out).contains("\n📄 " + file("tools/bare.yml") + "\n  ❌  tool.parameters[0].description\n"
                + "     Parameter 'ids' is missing a description\n"
                + "     💡 Add a 'description' field to explain what this parameter does\n"
                + "  ⚠️  tool.description\n     Tool is missing a description\n");
        // errors, then warnings, then suggestions, each once
        String bare = out.substring(out.indexOf("📄 " + file("tools/bare.yml")), out.indexOf("📄 " + file("tools/tested.yml")));
        assertThat(bare.indexOf("⚠️  tool.return.properties.rows.items")).isLessThan(bare.indexOf("ℹ️  tool.tags"));
        assertThat(bare.split("ℹ️  tool.tags", -1)).hasSize(2);
        assertThat(out).contains("\n✅ Passed linting:\n  ✓ " + file("tools/complete.yml") + "\n");
        assertThat(out).endsWith("\n📚 Why this matters:\n   • Descriptions help LLMs understand your endpoints better\n"
                + "   • Examples show LLMs how to use parameters correctly\n   • Tests ensure your endpoints work as expected\n"
                + "   • Good metadata = better LLM performance!\n");
    }

    @Test
    void cleanAndEmptyProjects() throws Exception {
        for (String file : List.of("tools/bare.yml", "tools/tested.yml", "tools/broken.yml", "resources/numbers.yml", "prompts/greet.yml")) {
            project.resolve(file).toFile().delete();
        }
        CliRun clean = lint();
        assertThat(clean.exitCode()).isZero();
        assertThat(clean.out()).isEqualTo("\n🔍 Lint Results\n   Checked 1 endpoint files\n\n🎉 All endpoints have excellent metadata!\n");

        project.resolve("tools/complete.yml").toFile().delete();
        CliRun empty = lint();
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out()).isEqualTo("ℹ️  No endpoints were linted\n");
        assertThat(issues()).isEmpty();
    }

    @Test
    void exitCodes() throws Exception {
        // issues, errors included, are advice: exit 0 as in MXCP
        assertThat(lint().exitCode()).isZero();

        CliRun noProject = CliRun.inProject(env, dir.resolve("home"), "lint", "--json-output");
        assertThat(noProject.exitCode()).isEqualTo(1);
        JsonNode error = Json.parse(noProject.out());
        assertThat(error.get("status").asText()).isEqualTo("error");
        assertThat(error.get("error").asText()).contains("no mxcp-site.yml found");

        CliRun badLevel = lint("--severity", "error"); // a wrong command line: exit 2, as click's Choice gives
        assertThat(badLevel.exitCode()).isEqualTo(2);
        assertThat(badLevel.err()).contains("--severity", "all, warning, info");
    }

    @Test
    void helpDescribesTheCommand() {
        CliRun help = CliRun.of(env, "lint", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Check endpoints for missing but recommended metadata", "--severity", "--json-output");
    }

    /** MXCP's own lint test, on a project of ours shaped like its fixture: a described tool without tests or examples. */
    @Test
    void untestedToolWithoutExamplesAsInMxcpsTest() throws Exception {
        Path other = Fixtures.project(dir.resolve("other"));
        Fixtures.write(other, "tools/echo.yml", """
                mxcp: 1
                tool:
                  name: echo
                  description: "Echoes its input"
                  parameters:
                    - name: text
                      type: string
                      description: "What to echo"
                  return:
                    type: string
                  source:
                    code: "SELECT $text AS result"
                """);
        CliRun run = CliRun.inProject(env, other, "lint", "--json-output");
        assertThat(run.exitCode()).isZero();
        JsonNode result = Json.parse(run.out()).get("result");
        assertThat(result.findValuesAsText("severity")).contains("warning");
        assertThat(result.findValuesAsText("message")).anyMatch(m -> m.contains("no tests defined"))
                .anyMatch(m -> m.contains("has no examples"));
    }
}

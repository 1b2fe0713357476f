package dev.mxcp.host.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.config.ConfigException;
import dev.mxcp.host.config.ProjectConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointLoaderTest {

    @TempDir
    Path dir;

    private EndpointSet load() {
        return EndpointLoader.load(ProjectConfig.load(dir, ProjectConfig.Overrides.NONE, Fixtures.env(dir)));
    }

    private List<String> errors() {
        return load().errors().stream().map(e -> relative(e.getMessage())).toList();
    }

    /** Messages name files by absolute path outside the working directory; tests read them relative. */
    private String relative(String message) {
        return message.replace(dir.toAbsolutePath() + "/", "");
    }

    private static final String TOOL = """
            mxcp: 1
            tool:
              name: %s
              parameters:
                - name: id
                  type: integer
                  default: 1
              source:
                code: SELECT $id AS id
            """;

    @Test
    void loadsToolsResourcesAndPromptsFromYmlAndYamlFilesRecursively() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/a.yml", TOOL.formatted("a"));
        Fixtures.write(dir, "tools/nested/b.yaml", TOOL.formatted("b"));
        Fixtures.write(dir, "resources/r.yml", """
                mxcp: 1
                resource:
                  uri: items://{id}
                  parameters:
                    - {name: id, type: integer}
                  source: {code: SELECT $id AS id}
                """);
        Fixtures.write(dir, "prompts/p.yml", """
                mxcp: 1
                prompt:
                  name: p
                  messages:
                    - prompt: Hello
                """);
        EndpointSet set = load();
        assertThat(set.errors()).isEmpty();
        assertThat(set.all()).extracting(Endpoint::label)
                .containsExactly("tool 'a'", "tool 'b'", "resource 'items://{id}'", "prompt 'p'");
        ToolDef a = (ToolDef) set.ofKind(EndpointDef.Kind.TOOL).getFirst().definition();
        assertThat(a.language()).isEqualTo(Language.SQL);
        assertThat(a.enabled()).isTrue();
        assertThat(a.parameters().getFirst().hasDefault()).isTrue();
    }

    @Test
    void aRawInputSchemaIsKeptAsWrittenWhenItsPropertiesAreTheParameters() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/s.yml", """
                mxcp: 1
                tool:
                  name: s
                  parameters: [{name: a, type: object, default: null}]
                  input_schema:
                    type: object
                    $defs: {x: {type: string}}
                    properties: {a: {$ref: "#/$defs/x"}}
                  source: {code: SELECT $a AS a}
                """);
        EndpointSet set = load();
        assertThat(set.errors()).isEmpty();
        assertThat(((ToolDef) set.all().getFirst().definition()).inputSchema().at("/$defs/x/type").asText()).isEqualTo("string");
    }

    @Test
    void aRawInputSchemaMustMatchTheParametersAndSpeak2020_12() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/m.yml", """
                mxcp: 1
                tool:
                  name: m
                  parameters: [{name: a, type: string}]
                  input_schema: {type: object, properties: {b: {type: string}}}
                  source: {code: SELECT $a AS a}
                """);
        Fixtures.write(dir, "tools/d.yml", """
                mxcp: 1
                tool:
                  name: d
                  parameters: [{name: a, type: string}]
                  input_schema: {$schema: "http://json-schema.org/draft-07/schema#", type: object, properties: {a: {type: string}}}
                  source: {code: SELECT $a AS a}
                """);
        assertThat(errors()).hasSize(2).anySatisfy(e -> assertThat(e).contains("must be the declared parameters [a]"))
                .anySatisfy(e -> assertThat(e).contains("unsupported JSON Schema dialect"));
    }

    @Test
    void mirroredHeadersMustBeTokensUniqueOnPrimitivesReachedThroughProperties() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/ok.yml", """
                mxcp: 1
                tool:
                  name: ok
                  parameters: [{name: region, type: string}, {name: opts, type: object, properties: {n: {type: integer}}}]
                  input_schema:
                    type: object
                    properties:
                      region: {type: string, x-mcp-header: Region}
                      opts: {type: object, properties: {n: {type: integer, x-mcp-header: Count}}}
                  source: {code: SELECT $region AS r}
                """);
        String template = """
                mxcp: 1
                tool:
                  name: %s
                  parameters: [{name: a, type: %s}, {name: b, type: string}]
                  input_schema:
                    type: object
                    properties:
                      a: %s
                      b: {type: string, x-mcp-header: %s}
                  source: {code: SELECT 1 AS one}
                """;
        Fixtures.write(dir, "tools/spaced.yml", template.formatted("spaced", "string", "{type: string}", "\"Two Words\""));
        Fixtures.write(dir, "tools/twice.yml", template.formatted("twice", "string",
                "{type: string, x-mcp-header: region}", "REGION"));
        Fixtures.write(dir, "tools/number.yml", template.formatted("number", "number",
                "{type: number, x-mcp-header: N}", "B"));
        Fixtures.write(dir, "tools/nested.yml", template.formatted("nested", "array",
                "{type: array, items: {type: string, x-mcp-header: Item}}", "B"));
        EndpointSet set = load();
        assertThat(set.errors()).hasSize(4)
                .anySatisfy(e -> assertThat(e.toString()).contains("spaced.yml").contains("is not an HTTP header name"))
                .anySatisfy(e -> assertThat(e.toString()).contains("twice.yml").contains("is used twice"))
                .anySatisfy(e -> assertThat(e.toString()).contains("number.yml")
                        .contains("only string, integer and boolean values"))
                .anySatisfy(e -> assertThat(e.toString()).contains("nested.yml")
                        .contains("only allowed on properties reached from the schema's root"));
        assertThat(set.all()).extracting(e -> e.definition().key()).containsExactly("ok");
        assertThat(ParamHeaders.of(((ToolDef) set.all().getFirst().definition()).inputSchema()))
                .containsExactly(new ParamHeaders.ParamHeader(java.util.List.of("region"), "Region", "string"),
                        new ParamHeaders.ParamHeader(java.util.List.of("opts", "n"), "Count", "integer"));
    }

    @Test
    void aResourceCacheNeedsATimeOfZeroOrMoreAndAKnownScope() {
        Fixtures.project(dir);
        Fixtures.write(dir, "resources/neg.yml", """
                mxcp: 1
                resource:
                  uri: data://neg
                  cache: {ttl_ms: -1}
                  source: {code: SELECT 1 AS one}
                """);
        Fixtures.write(dir, "resources/scope.yml", """
                mxcp: 1
                resource:
                  uri: data://scope
                  cache: {scope: everyone}
                  source: {code: SELECT 1 AS one}
                """);
        assertThat(errors()).hasSize(2).anySatisfy(e -> assertThat(e).contains("neg.yml")
                .contains("cache.ttl_ms must be 0 or more")).anySatisfy(e -> assertThat(e).contains("scope.yml"));
    }

    @Test
    void sourceFileIsRelativeToTheYamlFileOrToTheRootWithALeadingSlash() {
        Fixtures.project(dir);
        Fixtures.write(dir, "sql/q.sql", "SELECT 1 AS one");
        Fixtures.write(dir, "tools/rel.yml", "mxcp: 1\ntool:\n  name: rel\n  source:\n    file: ../sql/q.sql\n");
        Fixtures.write(dir, "tools/abs.yml", "mxcp: 1\ntool:\n  name: abs\n  source:\n    file: /sql/q.sql\n");
        EndpointSet set = load();
        assertThat(set.errors()).isEmpty();
        assertThat(set.all()).extracting(Endpoint::code).containsOnly("SELECT 1 AS one");
    }

    @Test
    void unknownKeyNamesFileLineColumnAndPath() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/t.yml", """
                mxcp: 1
                tool:
                  name: t
                  parameters:
                    - name: id
                      tpye: integer
                  source: {code: SELECT 1}
                """);
        assertThat(errors()).singleElement().asString()
                .contains("tools/t.yml:6:7: tool.parameters[0].tpye: unknown key (expected one of: ")
                .contains("type");
    }

    @Test
    void wrongTypeOfAValueIsReported() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/t.yml", """
                mxcp: 1
                tool:
                  name: t
                  enabled: maybe
                  source: {code: SELECT 1}
                """);
        assertThat(errors()).singleElement().asString()
                .contains("tools/t.yml:4:12: tool.enabled: expected a boolean, got string 'maybe'");
    }

    @Test
    void invalidTypeNameListsTheValidOnes() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/t.yml", """
                mxcp: 1
                tool:
                  name: t
                  parameters:
                    - name: id
                      type: int
                  source: {code: SELECT $id}
                """);
        assertThat(errors()).singleElement().asString()
                .contains("tools/t.yml:6:13: tool.parameters[0].type: invalid value string 'int'")
                .contains("(expected one of: array, boolean, integer, number, object, string)");
    }

    @Test
    void missingNameAndMissingTypeAreReported() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/noname.yml", "mxcp: 1\ntool:\n  source: {code: SELECT 1}\n");
        Fixtures.write(dir, "tools/notype.yml", """
                mxcp: 1
                tool:
                  name: notype
                  parameters:
                    - name: id
                  source: {code: SELECT $id}
                """);
        assertThat(errors()).containsExactlyInAnyOrder(
                "tools/noname.yml:3:3: tool: missing required key 'name'",
                "tools/notype.yml:5:7: tool.parameters[0]: missing required key 'type'");
    }

    @Test
    void invalidParameterNameIsReported() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/t.yml", """
                mxcp: 1
                tool:
                  name: t
                  parameters:
                    - name: 2fast
                      type: string
                  source: {code: SELECT 1}
                """);
        assertThat(errors()).singleElement().asString()
                .contains("tools/t.yml:5:13: tool.parameters[0].name: invalid parameter name '2fast'");
    }

    @Test
    void sourceNeedsExactlyOneOfCodeAndFile() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/t.yml", "mxcp: 1\ntool:\n  name: t\n  source:\n    code: SELECT 1\n    file: x.sql\n");
        assertThat(errors()).singleElement().asString()
                .contains("tools/t.yml:5:5: tool.source: source needs exactly one of 'code' or 'file'");
    }

    @Test
    void missingSourceFileIsReported() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/t.yml", "mxcp: 1\ntool:\n  name: t\n  source:\n    file: ../sql/missing.sql\n");
        assertThat(errors()).singleElement().asString()
                .contains("tools/t.yml:5:11: tool.source.file: source file not found:")
                .contains("missing.sql");
    }

    @Test
    void pythonEndpointsNeedASourceFile() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/t.yml", "mxcp: 1\ntool:\n  name: t\n  language: python\n  source:\n    code: x = 1\n");
        assertThat(errors()).singleElement().asString().contains("python endpoints need 'source.file'");
    }

    @Test
    void duplicateNamesAcrossKindsAreAllFlaggedAndNeitherIsServed() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/one.yml", TOOL.formatted("same"));
        Fixtures.write(dir, "prompts/two.yml", "mxcp: 1\nprompt:\n  name: same\n  messages:\n    - prompt: hi\n");
        EndpointSet set = load();
        assertThat(set.all()).isEmpty();
        assertThat(set.errors()).extracting(e -> relative(e.getMessage())).containsExactlyInAnyOrder(
                "tools/one.yml:3:9: duplicate name: tool 'same' is also defined as prompt 'same' in two.yml",
                "prompts/two.yml:3:9: duplicate name: prompt 'same' is also defined as tool 'same' in one.yml");
    }

    @Test
    void resourceParametersOutsideTheUriAndUriVariablesWithoutParametersLoad() {
        // as in MXCP, whose loader takes both; its validator (mxcp validate) refuses the first
        Fixtures.project(dir);
        Fixtures.write(dir, "resources/r.yml", """
                mxcp: 1
                resource:
                  uri: items://{id}/{part}
                  parameters:
                    - {name: id, type: integer}
                    - {name: extra, type: string}
                  source: {code: SELECT 1}
                """);
        assertThat(errors()).isEmpty();
        assertThat(load().all()).singleElement().extracting(Endpoint::key).isEqualTo("items://{id}/{part}");
    }

    @Test
    void definitionInTheWrongFolderIsSkippedAsMxcpDoes() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/p.yml", "mxcp: 1\nprompt:\n  name: p\n  messages:\n    - prompt: hi\n");
        Fixtures.write(dir, "tools/t.yml", "mxcp: 1\ntool:\n  name: t\n  source: {code: SELECT 1}\n");
        assertThat(errors()).isEmpty();
        assertThat(load().all()).singleElement().extracting(Endpoint::key).isEqualTo("t");
    }

    @Test
    void promptNeedsAMessage() {
        Fixtures.project(dir);
        Fixtures.write(dir, "prompts/p.yml", "mxcp: 1\nprompt:\n  name: p\n  messages: []\n");
        assertThat(errors()).singleElement().asString().contains("prompts/p.yml:3:3: prompt: a prompt needs at least one message");
    }

    @Test
    void invalidRegularExpressionIsReported() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/t.yml", """
                mxcp: 1
                tool:
                  name: t
                  parameters:
                    - {name: code, type: string, pattern: "[a-z"}
                  source: {code: SELECT $code}
                """);
        assertThat(errors()).singleElement().asString()
                .contains("tool.parameters[0].pattern: invalid regular expression");
    }

    @Test
    void fileDefiningTwoKindsIsRejected() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/t.yml", TOOL.formatted("t") + "prompt:\n  name: p\n  messages:\n    - prompt: hi\n");
        assertThat(errors()).singleElement().asString().contains("exactly one of 'tool', 'resource' or 'prompt'");
    }

    @Test
    void disabledEndpointsAreLoaded() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/t.yml", TOOL.formatted("t") + "  enabled: false\n");
        EndpointSet set = load();
        assertThat(set.all()).singleElement().satisfies(e -> assertThat(e.definition().enabled()).isFalse());
    }
}

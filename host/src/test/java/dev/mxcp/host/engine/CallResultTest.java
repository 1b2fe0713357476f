package dev.mxcp.host.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.guest.Content;
import dev.mxcp.guest.ToolResult;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.endpoint.EndpointDef.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine decides once what kind of result a call gave: plain data, content the code made, or prompt messages. */
class CallResultTest {

    @TempDir
    static Path dir;

    private static ProjectRuntime runtime;

    @BeforeAll
    static void open() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/total.yml", """
                mxcp: 1
                tool:
                  name: total
                  parameters:
                    - {name: n, type: integer}
                  return: {type: integer}
                  source: {code: "SELECT count(*) AS total FROM range($n) t(i)"}
                """);
        Fixtures.write(dir, "python/rich.py", """
                from mxcp.runtime import mcp

                def blocks() -> list:
                    return [mcp.text("look:"), mcp.image(b"PNG", "image/png")]

                def one_block():
                    return mcp.text("alone")

                def rows() -> list:
                    return [{"a": 1}, {"a": 2}]
                """);
        for (String name : List.of("blocks", "one_block", "rows")) {
            Fixtures.write(dir, "tools/" + name + ".yml", "mxcp: 1\ntool:\n  name: " + name
                    + "\n  language: python\n  return: {type: array}\n  source:\n    file: ../python/rich.py\n");
        }
        Fixtures.write(dir, "prompts/ask.yml", """
                mxcp: 1
                prompt:
                  name: ask
                  parameters:
                    - {name: topic, type: string}
                  messages:
                    - {role: user, type: text, prompt: "Tell me about {{ topic }}."}
                    - {role: assistant, type: image, mime_type: image/png, data: iVBORw0KGgo=}
                """);
        runtime = ProjectRuntime.open(ProjectConfig.load(dir, ProjectConfig.Overrides.NONE,
                Fixtures.env(dir.resolve("home"))));
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    private static CallResult call(Kind kind, String name, Map<String, Object> args) {
        return runtime.call(runtime.served().require(kind, name).call(args, CallContext.of(CallerContext.NONE), true));
    }

    @Test
    void aSqlToolGivesAValueFittedToItsReturnType() {
        assertThat(call(Kind.TOOL, "total", Map.of("n", 4))).as("one row, one column: the count")
                .isEqualTo(new CallResult.Value(4L));
    }

    @Test
    void aPythonToolReturningPlainDataGivesAValue() {
        assertThat(call(Kind.TOOL, "rows", Map.of())).isEqualTo(new CallResult.Value(List.of(Map.of("a", 1L), Map.of("a", 2L))));
    }

    @Test
    void aPythonToolReturningContentBlocksGivesThemAsAToolResultUnshapedAndUnvalidated() {
        List<Content> blocks = List.of(Content.text("look:"), Content.image("UE5H", "image/png"));
        CallResult result = call(Kind.TOOL, "blocks", Map.of());
        assertThat(result).isEqualTo(new CallResult.Rich(new ToolResult(blocks, null, false), blocks));
        assertThat(result.plain()).as("callers outside MCP see what the code returned").isEqualTo(blocks);
    }

    @Test
    void oneContentBlockIsRichToo() {
        CallResult result = call(Kind.TOOL, "one_block", Map.of());
        assertThat(result).isInstanceOfSatisfying(CallResult.Rich.class,
                rich -> assertThat(rich.result()).isEqualTo(ToolResult.of(Content.text("alone"))));
        assertThat(result.plain()).isEqualTo(Content.text("alone"));
    }

    @Test
    void aPromptGivesItsRenderedMessages() {
        CallResult result = runtime.call(runtime.served().require(Kind.PROMPT, "ask")
                .call(Map.of("topic", "DuckDB"), CallContext.of(CallerContext.NONE), false));
        assertThat(result).isEqualTo(new CallResult.Messages(List.of(
                Map.of("role", "user", "type", "text", "prompt", "Tell me about DuckDB."),
                Map.of("role", "assistant", "type", "image", "data", "iVBORw0KGgo=", "mime_type", "image/png"))));
    }
}

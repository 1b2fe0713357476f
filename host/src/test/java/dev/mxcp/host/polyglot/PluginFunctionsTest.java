package dev.mxcp.host.polyglot;

import static dev.mxcp.host.polyglot.PythonProject.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.base.MxcpException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's {@code @udf} methods as DuckDB functions {@code <method>_<instance>}: from a SQL tool, from SQL run
 * directly ({@code mxcp query}'s path), from Python's {@code db.execute} (whose worker runs the function itself),
 * with MXCP's type mapping and NULLs passed as None; failures, SQL inside a function, and a runaway function.
 */
class PluginFunctionsTest {

    static final String PLUGIN = """
            from dataclasses import dataclass
            from typing import Optional
            from mxcp.plugins import MXCPBasePlugin, udf
            from mxcp.runtime import db

            @dataclass
            class Box:
                width: int
                name: str

            class MXCPPlugin(MXCPBasePlugin):
                def __init__(self, config):
                    super().__init__(config)
                    self.times = int(config["times"])

                @udf
                def repeat(self, text: str) -> str:
                    return text * self.times

                @udf
                def scale(self, n: int) -> int:
                    return n * self.times

                @udf
                def ratio(self, a: float, b: float) -> float:
                    return a / b

                @udf
                def flip(self, b: bool) -> bool:
                    return not b

                @udf
                def total(self, xs: list[int]) -> int:
                    return sum(xs)

                @udf
                def words(self, text: str) -> list[str]:
                    return text.split()

                @udf
                def doubled(self, counts: dict[str, int]) -> dict[str, int]:
                    return {k: v * 2 for k, v in counts.items()}

                @udf
                def widen(self, box: Box) -> Box:
                    return Box(width=box["width"] * self.times, name=box["name"].upper())

                @udf
                def describe(self, n: Optional[int]) -> Optional[str]:
                    return None if n is None else f"{type(n).__name__} {n}"

                @udf
                def is_none(self, text: Optional[str]) -> bool:
                    return text is None

                @udf
                def refuse(self, text: str) -> str:
                    raise ValueError("refused " + text)

                @udf
                def item_count(self, marker: str) -> int:
                    return db.execute("SELECT count(*) AS n FROM items")[0]["n"]

                @udf
                def spin(self, n: int) -> int:
                    while True:
                        n += 1

                def helper(self) -> str:
                    return "not a function"
            """;

    static final String CODE = """
            from mxcp.runtime import db

            def from_python(n: int) -> dict:
                return db.execute(\"\"\"SELECT scale_t(i::INTEGER) AS scaled, describe_t(CASE WHEN i = 1 THEN NULL ELSE i END) AS d,
                    total_t([i::INTEGER, 1]) AS t FROM range($n) t(i) ORDER BY i\"\"\", {"n": n})

            def refused() -> str:
                try:
                    db.execute("SELECT refuse_t('this')")
                except Exception as e:
                    return str(e)

            def nested() -> str:
                try:
                    db.execute("SELECT item_count_t('x')")
                except Exception as e:
                    return str(e)
            """;

    static final String SQL_TOOL = """
            mxcp: 1
            tool:
              name: every_type
              parameters:
                - {name: text, type: string}
              source:
                code: |
                  SELECT repeat_t($text) AS repeated, scale_t(21) AS scaled, ratio_t(1, 4) AS ratio, flip_t(false) AS flipped,
                         total_t([1, 2, 3]) AS total, words_t('a b c') AS words, doubled_t(MAP {'x': 1, 'y': 5}) AS doubled,
                         widen_t({'width': 3, 'name': 'box'}) AS widened, describe_t(7) AS described,
                         describe_t(NULL) AS described_null, is_none_t(NULL) AS was_none, is_none_t('') AS was_not_none
            """;

    @TempDir
    static Path dir;
    static PythonProject project;

    @BeforeAll
    static void open() {
        project = PythonProject.create(dir, """
                python:
                  workers: 2
                  timeout_seconds: 8
                plugin:
                  - {name: t, module: kit, config: twice}
                """,
                "plugins/kit/__init__.py", PLUGIN,
                "python/code.py", CODE,
                "tools/every_type.yml", SQL_TOOL,
                "tools/from_python.yml", tool("from_python", "code.py", "- {name: n, type: integer}", ""),
                "tools/refused.yml", tool("refused", "code.py", "", "type: string"),
                "tools/nested.yml", tool("nested", "code.py", "", "type: string"),
                "tools/counted.yml", "mxcp: 1\ntool:\n  name: counted\n  source:\n    code: SELECT item_count_t('x') AS n\n",
                "tools/runaway.yml", "mxcp: 1\ntool:\n  name: runaway\n  source:\n    code: SELECT spin_t(1) AS n\n",
                "config.yml", """
                        mxcp: 1
                        projects:
                          demo:
                            profiles:
                              dev:
                                plugin:
                                  config:
                                    twice: {times: "2"}
                        """);
        project.runtime.query("CREATE TABLE items AS SELECT * FROM range(5) t(i)", Map.of());
    }

    @AfterAll
    static void close() {
        project.close();
    }

    @Test
    void aSqlToolCallsFunctionsOfEveryMappedType() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("repeated", "abab");
        expected.put("scaled", 42);
        expected.put("ratio", 0.25);
        expected.put("flipped", true);
        expected.put("total", 6);
        expected.put("words", List.of("a", "b", "c"));
        expected.put("doubled", Map.of("x", 2, "y", 10));
        expected.put("widened", Map.of("width", 6, "name", "BOX"));
        expected.put("described", "int 7");
        expected.put("described_null", null);
        expected.put("was_none", true);
        expected.put("was_not_none", false);
        assertThat(project.call("every_type", Map.of("text", "ab"))).isEqualTo(List.of(expected));
    }

    @Test
    void sqlRunDirectlyCallsThemOnEveryConnectionAndPassesNulls() {
        for (int i = 0; i < 6; i++) { // more queries than the pool has connections
            var rows = project.runtime.query("SELECT scale_t(coalesce(x, 5)) AS s, is_none_t(x::VARCHAR) AS n, describe_t(x) AS d"
                    + " FROM (VALUES (1), (NULL)) v(x) ORDER BY x NULLS LAST", Map.of()).rows();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).containsEntry("s", 2).containsEntry("n", false).containsEntry("d", "int 1");
            assertThat(rows.get(1)).containsEntry("s", 10).containsEntry("n", true).containsEntry("d", null);
        }
    }

    @Test
    void pythonsDbExecuteRunsThemInItsOwnWorker() {
        Object rows = project.call("from_python", Map.of("n", 2100)); // more than one DuckDB chunk
        assertThat(rows).asList().hasSize(2100);
        assertThat(((List<?>) rows).get(2)).isEqualTo(Map.of("scaled", 4L, "d", "int 2", "t", 3L));
        assertThat(((Map<?, ?>) ((List<?>) rows).get(1)).get("d")).isNull();
    }

    @Test
    void aFunctionsExceptionIsTheSqlError() {
        assertThat(project.call("refused", Map.of())).asString()
                .contains("SQL function refuse_t: ValueError: refused this").doesNotContain("\tat ");
        assertThatThrownBy(() -> project.runtime.query("SELECT refuse_t('x')", Map.of()))
                .isInstanceOf(MxcpException.class).hasMessageContaining("SQL function refuse_t: ValueError: refused x");
    }

    @Test
    void aFunctionRunsSqlOnItsWorkersConnectionButNotOnTheOneThatCalledIt() {
        assertThat(project.call("counted", Map.of())).isEqualTo(List.of(Map.of("n", 5)));
        assertThat(project.call("nested", Map.of())).asString()
                .contains("A SQL function's own SQL cannot use the connection whose statement called it");
    }

    @Test
    void aRunawayFunctionTimesOutAndACancelledStatementStopsIt() throws Exception {
        assertThatThrownBy(() -> project.call("runaway", Map.of())).isInstanceOf(MxcpException.class)
                .hasMessageContaining("SQL function spin_t timed out");
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(
                () -> project.call("runaway", Map.of(), new CallContext(null, null, cancellation)));
        Thread.sleep(1000);
        cancellation.cancel("the client went away");
        assertThatThrownBy(call::join).cause().isInstanceOf(MxcpException.class);
        assertThat(project.call("every_type", Map.of("text", "z"))).asList().hasSize(1); // workers replaced
    }
}

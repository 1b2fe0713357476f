package dev.mxcp.host.polyglot;

import static dev.mxcp.host.polyglot.PythonProject.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.engine.InvalidOutputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How Python endpoints are found, called, and how their results and failures come back. */
class PythonEndpointsTest {

    @TempDir
    static Path dir;
    static PythonProject project;

    static final String TOOLS = """
            import asyncio
            from datetime import date, datetime, time, timezone
            from decimal import Decimal
            from utils.text import shout

            def types_in(day, moment, amount, count, tags, meta) -> dict:
                return {"day": type(day).__name__, "moment": type(moment).__name__, "aware": moment.tzinfo is not None,
                        "amount": type(amount).__name__, "count": type(count).__name__, "tags": type(tags).__name__,
                        "meta": type(meta).__name__, "next": day.replace(day=day.day + 1)}

            def values_out() -> dict:
                return {"tuple": (1, 2), "set": {3}, "when": datetime(2024, 1, 2, 3, 4, 5),
                        "utc": datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc), "day": date(2024, 1, 2),
                        "at": time(10, 30), "price": Decimal("19.99"), "big": 2 ** 80, "none": None, "ratio": 0.5}

            async def slow_double(values: list) -> list:
                async def one(v):
                    await asyncio.sleep(0.01)
                    return v * 2
                return list(await asyncio.gather(*[one(v) for v in values]))

            def shared(text: str) -> str:
                return shout(text)

            def fails(value: int) -> dict:
                if value < 0:
                    raise ValueError(f"value must be positive, got {value}")
                return {"value": value}

            def wrong_type() -> dict:
                return {"count": "many"}

            def unconvertible() -> dict:
                return {"thing": object()}

            def exits() -> str:
                raise SystemExit(3)

            def rows() -> list:
                return [{"n": 1}]
            """;

    @BeforeAll
    static void open() {
        project = PythonProject.create(dir, "python:\n  workers: 1\n",
                "python/tools.py", TOOLS,
                "python/utils/text.py", "def shout(text):\n    return text.upper() + '!'\n",
                "python/_private.py", "raise RuntimeError('never loaded: private modules are skipped')\n",
                "python/broken.py", "this is not python\n",
                "elsewhere/outside.py", "def outside() -> str:\n    return 'from outside python/'\n",
                "tools/types_in.yml", tool("types_in", "tools.py", """
                        - {name: day, type: string, format: date}
                        - {name: moment, type: string, format: date-time}
                        - {name: amount, type: number}
                        - {name: count, type: integer}
                        - {name: tags, type: array, items: {type: string}}
                        - {name: meta, type: object}
                        """, ""),
                "tools/values_out.yml", tool("values_out", "tools.py", "", ""),
                "tools/slow_double.yml", tool("slow_double", "tools.py", "- {name: values, type: array}", ""),
                "tools/shared.yml", tool("shared", "tools.py", "- {name: text, type: string}", "type: string"),
                "tools/fails.yml", tool("fails", "tools.py", "- {name: value, type: integer}", ""),
                "tools/wrong_type.yml", tool("wrong_type", "tools.py", "",
                        "type: object\nproperties:\n  count: {type: integer}"),
                "tools/unconvertible.yml", tool("unconvertible", "tools.py", "", ""),
                "tools/exits.yml", tool("exits", "tools.py", "", ""),
                "tools/rows.yml", tool("rows", "tools.py", "", "type: integer"),
                "tools/missing.yml", tool("missing", "tools.py", "", ""),
                "tools/outside.yml", tool("outside", "tools.py", "", "").replace("../python/tools.py", "../elsewhere/outside.py"),
                "resources/report.yml", """
                        mxcp: 1
                        resource:
                          uri: report://{year}
                          language: python
                          parameters:
                            - {name: year, type: integer}
                          source:
                            file: ../python/report.py
                        """,
                "python/report.py", "def helper():\n    return 0\n\ndef main(year):\n    return {'year': year}\n");
    }

    @AfterAll
    static void close() {
        project.close();
    }

    @Test
    void declaredTypesArriveAsPythonTypes() {
        Object result = project.call("types_in", Map.of("day", "2024-02-28", "moment", "2024-02-28T10:00:00Z",
                "amount", 1.5, "count", 3, "tags", List.of("a"), "meta", Map.of("k", "v")));
        assertThat(result).isEqualTo(Map.of("day", "date", "moment", "datetime", "aware", true, "amount", "float",
                "count", "int", "tags", "list", "meta", "dict", "next", LocalDate.of(2024, 2, 29)));
    }

    @Test
    void pythonValuesComeBackAsEngineValues() {
        Map<String, Object> expected = new java.util.HashMap<>(Map.of("tuple", List.of(1L, 2L), "set", List.of(3L),
                "when", LocalDateTime.of(2024, 1, 2, 3, 4, 5),
                "utc", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), "day", LocalDate.of(2024, 1, 2),
                "at", java.time.LocalTime.of(10, 30), "price", new BigDecimal("19.99"),
                "big", BigInteger.TWO.pow(80), "ratio", 0.5));
        expected.put("none", null);
        assertThat(project.call("values_out", Map.of())).isEqualTo(expected);
    }

    @Test
    void asyncFunctionsAreAwaited() {
        assertThat(project.call("slow_double", Map.of("values", List.of(1, 2, 3)))).isEqualTo(List.of(2L, 4L, 6L));
    }

    @Test
    void sharedModulesUnderPythonImportByPackageName() {
        assertThat(project.call("shared", Map.of("text", "hi"))).isEqualTo("HI!");
    }

    @Test
    void aSourceFileOutsidePythonLoadsToo() {
        assertThat(project.call("outside", Map.of())).isEqualTo("from outside python/");
    }

    @Test
    void aResourceRunsMainWithTheUriVariables() {
        var resource = project.runtime.served().require(EndpointDef.Kind.RESOURCE, "report://2024");
        assertThat(project.runtime.call(resource.call(Map.of(), CallContext.of(null), true)).plain())
                .isEqualTo(Map.of("year", 2024L));
    }

    @Test
    void anExceptionNamesTheEndpointTypeAndMessageAndKeepsTheTraceback() {
        assertThatThrownBy(() -> project.call("fails", Map.of("value", -1)))
                .isInstanceOf(GuestException.class)
                .hasMessage("tool 'fails': ValueError: value must be positive, got -1")
                .satisfies(e -> assertThat(((GuestException) e).traceback())
                        .startsWith("Traceback (most recent call last):")
                        .contains("tools.py\", line", "in fails", "ValueError: value must be positive"));
    }

    @Test
    void theWorkerSurvivesAnException() {
        assertThatThrownBy(() -> project.call("fails", Map.of("value", -1))).isInstanceOf(GuestException.class);
        assertThat(project.call("fails", Map.of("value", 5))).isEqualTo(Map.of("value", 5L));
    }

    @Test
    void systemExitFailsTheCallNotTheWorker() {
        assertThatThrownBy(() -> project.call("exits", Map.of()))
                .hasMessage("tool 'exits': RuntimeError: SystemExit: 3");
        assertThat(project.call("fails", Map.of("value", 1))).isEqualTo(Map.of("value", 1L));
    }

    @Test
    void aWrongReturnTypeIsRejectedWithItsPath() {
        assertThatThrownBy(() -> project.call("wrong_type", Map.of()))
                .hasMessage("tool 'wrong_type': Return value result.count: expected integer, got string 'many'")
                .hasCauseInstanceOf(InvalidOutputException.class);
    }

    @Test
    void aValueWithoutJsonFormIsNamed() {
        assertThatThrownBy(() -> project.call("unconvertible", Map.of()))
                .hasMessageStartingWith("tool 'unconvertible': result.thing is a object, which has no JSON form");
    }

    @Test
    void aListResultIsShapedToAScalarReturn() {
        assertThat(project.call("rows", Map.of())).isEqualTo(1L);
    }

    @Test
    void aMissingFunctionSaysHowItIsFound() {
        assertThatThrownBy(() -> project.call("missing", Map.of()))
                .hasMessage("tool 'missing': AttributeError: python/tools.py has no function 'missing'"
                        + " (it must be named like the tool)");
    }
}

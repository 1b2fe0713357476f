package dev.mxcp.host.polyglot;

import static dev.mxcp.host.polyglot.PythonProject.jsTool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How JavaScript endpoints are found and called, and how values cross in both directions. */
class JavaScriptEndpointsTest {

    static final String TOOLS = """
            import { db } from "mxcp:runtime";
            import { shout } from "./utils/text.mjs";
            import leftPad from "left-pad-esm";

            export function typesIn({ day, amount, count, tags, meta }) {
              return { day: typeof day, amount: typeof amount, count: typeof count, tags: Array.isArray(tags),
                       meta: typeof meta, next: day.slice(0, 8) + "02" };
            }

            export function valuesOut() {
              return { when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), big: 2n ** 80n, none: null, ratio: 0.5,
                       nested: [{ a: 1 }, new Map([["k", "v"]])], bytes: new Uint8Array([104, 105]), skipped: undefined,
                       view: new Uint8Array([1, 2, 3, 4]).subarray(1, 3), buffer: new Uint8Array([5, 6]).buffer,
                       numbers: new Int16Array([7, 8]) };
            }

            export function sqlTypes() {
              return db.execute(`SELECT DATE '2024-01-31' AS d, TIMESTAMP '2024-01-31 10:00:00.123456' AS ts,
                                 1.50::DECIMAL(4,2) AS dec, 170141183460469231731687303715884105727::HUGEINT AS huge,
                                 [1, 2] AS list, {'x': 1} AS struct`)[0];
            }

            export function sqlKinds() {
              const r = db.execute(`SELECT DATE '2024-01-31' AS d, 1.50::DECIMAL(4,2) AS dec,
                                    170141183460469231731687303715884105727::HUGEINT AS huge, 'x'::BLOB AS b`)[0];
              return [typeof r.d, typeof r.dec, typeof r.huge, r.b instanceof Uint8Array];
            }

            export async function slowDouble({ values }) {
              const one = async (v) => { await null; return v * 2; };
              return Promise.all(values.map(one));
            }

            export function rejected() {
              return Promise.reject(new RangeError("nope"));
            }

            export function fails({ value }) {
              if (value < 0) throw new TypeError(`value must be positive, got ${value}`);
              return { value };
            }

            export function shared({ text }) {
              return shout(text) + leftPad("x", 3);
            }

            export function unconvertible() {
              return { f: Symbol("s") };
            }

            export function never() {
              return new Promise(() => {});
            }

            export async function timerThrows() {
              setTimeout(() => { throw new RangeError("thrown by a timer"); }, 5);
              await new Promise(() => {});
            }

            export async function queued() {
              const order = [];
              setTimeout(() => order.push("timer"), 0);
              queueMicrotask(() => order.push("microtask"));
              order.push("sync");
              await new Promise((resolve) => setTimeout(resolve, 5));
              return order;
            }

            const late = [];

            export function leavesATimer() {
              setTimeout(() => late.push("ran after its call"), 1);
              return "settled";
            }

            export async function lateTimers() {
              await new Promise((resolve) => setTimeout(resolve, 20));
              return late;
            }

            export async function onlyUnreferenced() {
              await new Promise((resolve) => setTimeout(resolve, 10).unref());
            }
            """;

    @TempDir
    static Path dir;
    static PythonProject project;

    @BeforeAll
    static void open() {
        project = PythonProject.create(dir, "javascript:\n  workers: 2\n",
                "js/tools.mjs", TOOLS,
                "js/utils/text.mjs", "export const shout = (t) => t.toUpperCase() + '!';\n",
                "js/_private.mjs", "throw new Error('never loaded: private modules are skipped');\n",
                "js/broken.mjs", "this is not javascript\n",
                "js/startup.mjs", "const ready = await new Promise((resolve) => setTimeout(() => resolve('waited'), 10));\n"
                        + "export const startupWait = () => ready;\n",
                "tools/startup_wait.yml", jsTool("startupWait", "startup.mjs", "", ""),
                "node_modules/left-pad-esm/package.json", "{\"name\": \"left-pad-esm\", \"type\": \"module\", "
                        + "\"exports\": {\".\": {\"import\": \"./src/index.js\"}}}",
                "node_modules/left-pad-esm/src/index.js", "export default (s, n) => String(s).padStart(n, '.');\n",
                "tools/types_in.yml", jsTool("typesIn", "tools.mjs", """
                        - {name: day, type: string, format: date}
                        - {name: amount, type: number}
                        - {name: count, type: integer}
                        - {name: tags, type: array, items: {type: string}}
                        - {name: meta, type: object}""", ""),
                "tools/values_out.yml", jsTool("valuesOut", "tools.mjs", "", ""),
                "tools/sql_types.yml", jsTool("sqlTypes", "tools.mjs", "", ""),
                "tools/sql_kinds.yml", jsTool("sqlKinds", "tools.mjs", "", ""),
                "tools/slow_double.yml", jsTool("slowDouble", "tools.mjs", "- {name: values, type: array, items: {type: integer}}", ""),
                "tools/rejected.yml", jsTool("rejected", "tools.mjs", "", ""),
                "tools/fails.yml", jsTool("fails", "tools.mjs", "- {name: value, type: integer}", ""),
                "tools/shared.yml", jsTool("shared", "tools.mjs", "- {name: text, type: string}", ""),
                "tools/unconvertible.yml", jsTool("unconvertible", "tools.mjs", "", ""),
                "tools/never.yml", jsTool("never", "tools.mjs", "", ""),
                "tools/timer_throws.yml", jsTool("timerThrows", "tools.mjs", "", ""),
                "tools/queued.yml", jsTool("queued", "tools.mjs", "", ""),
                "tools/only_unreferenced.yml", jsTool("onlyUnreferenced", "tools.mjs", "", ""),
                "tools/leaves_a_timer.yml", jsTool("leavesATimer", "tools.mjs", "", ""),
                "tools/late_timers.yml", jsTool("lateTimers", "tools.mjs", "", ""),
                "tools/missing.yml", jsTool("missing", "tools.mjs", "", ""));
    }

    @AfterAll
    static void close() {
        project.close();
    }

    @Test
    void argumentsArriveAsOneObjectOfJsValues() {
        assertThat(project.call("typesIn", Map.of("day", "2024-01-01", "amount", 1.5, "count", 3,
                "tags", List.of("a"), "meta", Map.of("k", 1))))
                .isEqualTo(Map.of("day", "string", "amount", "number", "count", "number", "tags", true,
                        "meta", "object", "next", "2024-01-02"));
    }

    @Test
    void resultsConvertToJsonValues() {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) project.call("valuesOut", Map.of());
        assertThat(out.get("when")).isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
        assertThat(out.get("big")).isEqualTo(BigInteger.TWO.pow(80));
        assertThat(out.get("ratio")).isEqualTo(0.5);
        assertThat(out.get("nested")).isEqualTo(List.of(Map.of("a", 1L), Map.of("k", "v")));
        assertThat(out.get("bytes")).isEqualTo(new byte[] {104, 105});
        assertThat(out.get("view")).isEqualTo(new byte[] {2, 3});
        assertThat(out.get("buffer")).isEqualTo(new byte[] {5, 6});
        assertThat(out.get("numbers")).isEqualTo(List.of(7L, 8L)); // other typed arrays are lists of numbers
        assertThat(out).containsEntry("none", null);
    }

    @Test
    void sqlValuesArriveAsDocumented() {
        assertThat(project.call("sqlKinds", Map.of())).isEqualTo(List.of("string", "number", "bigint", true));
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) project.call("sqlTypes", Map.of());
        assertThat(row.get("d")).isEqualTo(LocalDate.of(2024, 1, 31).toString());
        assertThat(row.get("ts")).isEqualTo("2024-01-31T10:00:00.123456");
        assertThat(row.get("dec")).isEqualTo(1.5);
        assertThat(row.get("huge")).isEqualTo(new BigInteger("170141183460469231731687303715884105727"));
        assertThat(row.get("list")).isEqualTo(List.of(1, 2).stream().map(Long::valueOf).toList());
        assertThat(row.get("struct")).isEqualTo(Map.of("x", 1L));
    }

    @Test
    void promisesAreAwaited() {
        assertThat(project.call("slowDouble", Map.of("values", List.of(1, 2, 3)))).isEqualTo(List.of(2L, 4L, 6L));
        assertThatThrownBy(() -> project.call("rejected", Map.of())).hasMessageContaining("tool 'rejected': RangeError: nope");
        assertThatThrownBy(() -> project.call("never", Map.of())).hasMessageContaining("never settled");
    }

    @Test
    void timersRunInNodesOrderAndWhatTheyThrowFailsTheCall() {
        assertThat(project.call("queued", Map.of())).isEqualTo(List.of("sync", "microtask", "timer"));
        assertThatThrownBy(() -> project.call("timerThrows", Map.of()))
                .hasMessage("tool 'timerThrows': RangeError: thrown by a timer");
        assertThatThrownBy(() -> project.call("onlyUnreferenced", Map.of())).hasMessageContaining("never settled");
    }

    @Test
    void aModuleMayAwaitATimerAtItsTopLevel() {
        assertThat(project.call("startupWait", Map.of())).isEqualTo("waited");
    }

    @Test
    void timersStillPendingWhenTheirCallSettlesAreDropped() {
        assertThat(project.call("leavesATimer", Map.of())).isEqualTo("settled");
        assertThat(project.call("lateTimers", Map.of())).isEqualTo(List.of());
    }

    @Test
    void errorsNameTheToolAndKeepTheWorker() {
        assertThatThrownBy(() -> project.call("fails", Map.of("value", -1)))
                .hasMessage("tool 'fails': TypeError: value must be positive, got -1");
        assertThat(project.call("fails", Map.of("value", 2))).isEqualTo(Map.of("value", 2L));
        assertThatThrownBy(() -> project.call("missing", Map.of()))
                .hasMessageContaining("js/tools.mjs exports no function 'missing'");
        assertThatThrownBy(() -> project.call("unconvertible", Map.of())).hasMessageContaining("result.f");
    }

    @Test
    void sharedModulesAndNpmPackagesImport() {
        assertThat(project.call("shared", Map.of("text", "hi"))).isEqualTo("HI!..x");
    }
}

package dev.mxcp.host.polyglot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.guest.Content;
import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same behaviours, run against the Python and the JavaScript runtime with equivalent endpoints: both
 * languages must answer every scenario identically.
 */
class GuestScenariosTest {

    static final String PYTHON = """
            import asyncio, subprocess
            from mxcp.runtime import db, config, mcp, on_init, user, request

            events = []

            @on_init
            def first():
                events.append("first")

            @on_init
            def broken():
                raise RuntimeError("this hook fails")

            @on_init
            async def third():
                await asyncio.sleep(0.005)
                events.append("third")

            def rows() -> list:
                return db.execute("SELECT 1 AS id, 'Ada' AS name UNION ALL SELECT 2, 'Grace' ORDER BY id")

            def counted() -> dict:
                return {"count": len(db.execute("SELECT * FROM range(5)")), "nested": {"ok": [True, None]}}

            def secrets() -> dict:
                return {"whole": config.get_secret("api"), "key": config.get_secret("api", "api_key"),
                        "missing": config.get_secret("nope"), "missing_key": config.get_secret("api", "nope")}

            def hook_events() -> list:
                return events

            async def doubled(values: list) -> list:
                async def one(v):
                    await asyncio.sleep(0)
                    return v * 2
                return list(await asyncio.gather(*[one(v) for v in values]))

            def quick(n: int) -> int:
                return n + 1

            def spin() -> str:
                while True:
                    pass

            def read_passwd() -> str:
                try:
                    with open("/etc/passwd") as f:
                        return "read " + f.read()[:10]
                except Exception:
                    return "denied"

            def spawn() -> str:
                try:
                    subprocess.run(["true"])
                    return "spawned"
                except Exception:
                    return "denied"

            def wrong_type() -> str:
                return "many"

            def who() -> dict:
                return {"authenticated": user.authenticated, "user_id": user.user_id, "username": user.username,
                        "name": user.name, "email": user.email, "provider": user.provider,
                        "avatar_url": user.avatar_url, "external_token": user.external_token,
                        "raw_profile": user.raw_profile, "agent": request.header("User-Agent"),
                        "absent": request.header("X-Absent", "fallback"), "headers": request.headers}

            def blob() -> dict:
                return {"data": b"hi\\x00\\xff", "empty": b""}

            def rich() -> list:
                return [mcp.text("look:"), mcp.image(b"PNG", "image/png")]

            async def talk() -> str:
                await mcp.info("starting")
                await mcp.progress(1, 2, "half")
                return "ok"
            """;

    static final String JS = """
            import { db, config, mcp, onInit, user, request } from "mxcp:runtime";

            const events = [];

            onInit(function first() { events.push("first"); });
            onInit(function broken() { throw new Error("this hook fails"); });
            onInit(async function third() { await new Promise((resolve) => setTimeout(resolve, 5)); events.push("third"); });

            export const rows = () => db.execute("SELECT 1 AS id, 'Ada' AS name UNION ALL SELECT 2, 'Grace' ORDER BY id");

            export const counted = () => ({ count: db.execute("SELECT * FROM range(5)").length, nested: { ok: [true, null] } });

            export const secrets = () => ({ whole: config.getSecret("api"), key: config.getSecret("api", "api_key"),
                missing: config.getSecret("nope"), missing_key: config.getSecret("api", "nope") });

            export const hook_events = () => events;

            export async function doubled({ values }) {
              return Promise.all(values.map(async (v) => { await null; return v * 2; }));
            }

            export const quick = ({ n }) => n + 1;

            export function spin() {
              for (;;) { }
            }

            export function read_passwd() {
              try {
                load("/etc/passwd");
                return "read";
              } catch (e) {
                return "denied";
              }
            }

            export function spawn() {
              try {
                Java.type("java.lang.ProcessBuilder");
                return "spawned";
              } catch (e) {
                return "denied";
              }
            }

            export const wrong_type = () => "many";

            export const who = () => ({ authenticated: user.authenticated, user_id: user.userId, username: user.username,
                name: user.name, email: user.email, provider: user.provider, avatar_url: user.avatarUrl,
                external_token: user.externalToken, raw_profile: user.rawProfile, agent: request.header("User-Agent"),
                absent: request.header("X-Absent", "fallback"), headers: request.headers });

            export const blob = () => ({ data: new Uint8Array([104, 105, 0, 255]), empty: new Uint8Array(0) });

            export const rich = () => [mcp.text("look:"), mcp.image(new Uint8Array([80, 78, 71]), "image/png")];

            export async function talk() {
              await mcp.info("starting");
              await mcp.progress(1, 2, "half");
              return "ok";
            }
            """;

    static final String CONFIG = """
            mxcp: 1
            projects:
              demo:
                profiles:
                  dev:
                    secrets:
                      - name: api
                        type: custom
                        parameters: {api_key: key-123, api_url: "https://api.example.com"}
            """;

    @TempDir
    static Path dir;
    static final Map<String, PythonProject> PROJECTS = new LinkedHashMap<>();

    static final String[][] TOOLS = {
        {"rows", "", ""}, {"counted", "", ""}, {"secrets", "", ""}, {"hook_events", "", ""},
        {"doubled", "- {name: values, type: array, items: {type: integer}}", ""},
        {"quick", "- {name: n, type: integer}", ""}, {"spin", "", ""}, {"read_passwd", "", ""},
        {"spawn", "", ""}, {"wrong_type", "", "type: integer"}, {"rich", "", ""}, {"talk", "", "type: string"},
        {"blob", "", ""}, {"who", "", ""}};

    @BeforeAll
    static void open() {
        var scenario = new PythonProject.Scenario(PYTHON, JS, TOOLS);
        for (String language : List.of("python", "javascript")) {
            PROJECTS.put(language, scenario.open(dir.resolve(language), language,
                    "secrets: [api]\n" + language + ":\n  workers: 2\n  timeout_seconds: 3\n", "config.yml", CONFIG));
        }
    }

    @AfterAll
    static void close() {
        PROJECTS.values().forEach(PythonProject::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void queryRowsAndDictsComeBackAsJson(String language) {
        PythonProject project = PROJECTS.get(language);
        assertThat(project.call("rows", Map.of())).isEqualTo(List.of(Map.of("id", 1L, "name", "Ada"),
                Map.of("id", 2L, "name", "Grace")));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("ok", java.util.Arrays.asList(true, null));
        assertThat(project.call("counted", Map.of())).isEqualTo(Map.of("count", 5L, "nested", nested));
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void secretsInBothForms(String language) {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("whole", Map.of("api_key", "key-123", "api_url", "https://api.example.com"));
        expected.put("key", "key-123");
        expected.put("missing", null);
        expected.put("missing_key", null);
        assertThat(PROJECTS.get(language).call("secrets", Map.of())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void initHooksRunInOrderAndAFailingOneIsIsolated(String language) {
        assertThat(PROJECTS.get(language).call("hook_events", Map.of())).isEqualTo(List.of("first", "third"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void asyncFunctionsAreAwaited(String language) {
        assertThat(PROJECTS.get(language).call("doubled", Map.of("values", List.of(1, 2, 3)))).isEqualTo(List.of(2L, 4L, 6L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void theSandboxDeniesFilesOutsideTheProjectAndProcesses(String language) {
        assertThat(PROJECTS.get(language).call("read_passwd", Map.of())).isEqualTo("denied");
        assertThat(PROJECTS.get(language).call("spawn", Map.of())).isEqualTo("denied");
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void resultsAreValidatedAgainstTheReturnType(String language) {
        assertThatThrownBy(() -> PROJECTS.get(language).call("wrong_type", Map.of()))
                .hasMessage("tool 'wrong_type': Return value result: expected integer, got string 'many'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void bytesComeBackAsBinary(String language) {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) PROJECTS.get(language).call("blob", Map.of());
        assertThat(out.get("data")).isEqualTo(new byte[] {104, 105, 0, (byte) 255});
        assertThat(out.get("empty")).isEqualTo(new byte[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void theCallerAndTheRequestHeadersAreVisible(String language) {
        Map<String, Object> profile = Map.of("user_id", "u-1", "username", "ada", "name", "Ada Lovelace",
                "email", "ada@example.com", "avatar_url", "https://example.com/ada.png", "external_token", "tok-1",
                "role", "admin");
        Object seen = PROJECTS.get(language).callAs("who", UserContext.fromProfile("github", "ignored", profile),
                Map.of("User-Agent", "tests/1.0", "X-Trace", "t1"));
        Map<String, Object> expected = new LinkedHashMap<>(Map.of("authenticated", true, "user_id", "u-1",
                "username", "ada", "name", "Ada Lovelace", "email", "ada@example.com", "provider", "github",
                "avatar_url", "https://example.com/ada.png", "external_token", "tok-1", "raw_profile", profile,
                "agent", "tests/1.0"));
        expected.put("absent", "fallback");
        expected.put("headers", Map.of("user-agent", "tests/1.0", "x-trace", "t1"));
        assertThat(seen).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void withoutACallerEveryFieldIsEmpty(String language) {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("authenticated", false);
        for (String field : List.of("user_id", "username", "name", "email", "provider", "avatar_url", "external_token")) {
            expected.put(field, null);
        }
        expected.put("raw_profile", Map.of());
        expected.put("agent", null);
        expected.put("absent", "fallback");
        expected.put("headers", null); // no headers is null, not {}: MXCP's request_headers is None then
        assertThat(PROJECTS.get(language).call("who", Map.of())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void richContentBecomesMcpContent(String language) {
        assertThat(PROJECTS.get(language).call("rich", Map.of()))
                .isEqualTo(List.of(Content.text("look:"), Content.image("UE5H", "image/png")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void logsAndProgressReachTheClient(String language) {
        var channel = new PythonProject.RecordingChannel();
        assertThat(PROJECTS.get(language).call("talk", Map.of(), new CallContext(CallerContext.NONE, channel))).isEqualTo("ok");
        assertThat(channel.events).containsExactly("INFO starting", "progress 1.0/2.0 half");
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void manyConcurrentCallsShareTheWorkersSafely(String language) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(24);
        try {
            List<Future<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 96; i++) {
                int n = i;
                calls.add(threads.submit(() -> PROJECTS.get(language).call("quick", Map.of("n", n))));
            }
            for (int i = 0; i < calls.size(); i++) {
                assertThat(calls.get(i).get()).isEqualTo(i + 1L);
            }
        } finally {
            threads.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void aRunawayLoopIsStoppedWhileAnotherCallSucceeds(String language) throws Exception {
        PythonProject project = PROJECTS.get(language);
        project.call("quick", Map.of("n", 0));
        CompletableFuture<Object> runaway = CompletableFuture.supplyAsync(() -> project.call("spin", Map.of()));
        List<Object> meanwhile = new ArrayList<>();
        for (int i = 0; i < 3 && !runaway.isDone(); i++) {
            meanwhile.add(project.call("quick", Map.of("n", i)));
            Thread.sleep(200);
        }
        assertThatThrownBy(runaway::join).cause().isInstanceOf(MxcpException.class).hasMessage(
                "tool 'spin' timed out: stopped after 3 s (the limit is " + language
                        + ".timeout_seconds in mxcp-site.yml)");
        assertThat(meanwhile).isNotEmpty().startsWith(1L);
        assertThat(project.call("quick", Map.of("n", 41))).isEqualTo(42L);
    }
}

package dev.mxcp.host.polyglot;

import static dev.mxcp.host.polyglot.PythonProject.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.guest.Content;
import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mxcp.runtime as MXCP scripts use it, on a real GraalPy worker and a real DuckDB file. */
class PythonRuntimeApiTest {

    @TempDir
    static Path dir;
    static PythonProject project;

    static final String API = """
            import asyncio, json
            from mxcp.runtime import db, config, plugins, mcp, user, request, get_secret

            def rows_are_plain() -> dict:
                rows = db.execute("SELECT 1 AS id, 'Ada' AS name UNION ALL SELECT 2, 'Grace' ORDER BY id")
                return {"json": json.dumps(rows), "list": type(rows).__mro__[1] is list,
                        "dict": type(rows[0]) is dict, "first": rows.fetchone(), "all": len(rows.fetchall())}

            def typed_values() -> dict:
                row = db.execute(\"\"\"SELECT DATE '2024-01-31' AS d, TIMESTAMP '2024-01-31 10:30:00' AS ts,
                    TIMESTAMPTZ '2024-01-31 10:30:00+00' AS tz, 12.50::DECIMAL(10,2) AS dec,
                    170141183460469231731687303715884105727::HUGEINT AS big, [1, 2] AS l,
                    {'a': [{'b': DATE '2024-02-01'}]} AS s, MAP {'k': 1} AS m, NULL AS n, 'x'::BLOB AS bl\"\"\")[0]
                return {k: type(v).__name__ for k, v in row.items()} | {"dec_value": str(row["dec"]),
                        "tz_aware": row["tz"].tzinfo is not None, "nested": type(row["s"]["a"][0]["b"]).__name__}

            def with_params(name: str, day) -> list:
                return db.execute("SELECT $name AS name, $day + 1 AS next_day", {"name": name, "day": day})

            def write_then_read() -> int:
                db.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER, text VARCHAR)")
                inserted = db.execute("INSERT INTO notes VALUES (1, 'a'), (2, 'b')")
                return inserted[0]["Count"]

            def bad_sql() -> str:
                try:
                    db.execute("SELEC nonsense")
                except Exception as e:
                    return type(e).__name__ + ": " + str(e)

            def secrets() -> dict:
                return {"whole": config.get_secret("api_credentials"), "key": config.get_secret("api_credentials", "api_key"),
                        "module_level": get_secret("api_credentials")["api_url"], "missing": config.get_secret("nope"),
                        "missing_key": config.get_secret("api_credentials", "nope")}

            def settings() -> dict:
                return {"project": config.get_setting("project"), "nested": config.get_setting("python.workers"),
                        "default": config.get_setting("no.such.key", default=7),
                        "site_is_dict": type(config.site_config) is dict, "user_is_dict": type(config.user_config) is dict,
                        "user_projects": list(config.user_config["projects"])}

            def who() -> dict:
                return {"id": user.user_id, "name": user.username, "email": user.email, "provider": user.provider,
                        "agent": request.header("User-Agent"), "headers": request.headers}

            def sdk_context() -> dict:
                from mxcp.sdk.auth.context import get_user_context
                from mxcp.sdk.executor import get_execution_context
                u = get_user_context()
                ctx = get_execution_context()
                return {"user": u.username if u else None, "ctx_user": ctx.username,
                        "headers": ctx.get("request_headers"), "site": ctx.get("site_config")["project"]}

            async def talk() -> str:
                await mcp.info("starting")
                await mcp.progress(1, 2, "half")
                await mcp.progress(current=2, total=2, message="done")
                await mcp.warning("careful")
                return "ok"

            def talk_sync() -> str:
                asyncio.run(mcp.info("from sync code"))
                return "ok"

            def rich() -> list:
                return [mcp.text("look:"), mcp.image(b"PNG", "image/png"),
                        mcp.embedded_resource("test://note", "a note", "text/plain")]

            async def ask(topic: str) -> dict:
                reply = await mcp.sample(topic, max_tokens=50)
                answer = await mcp.elicit("Your name?", {"type": "object",
                                          "properties": {"name": {"type": "string", "default": "Ada"}}})
                return {"reply": reply.text, "model": reply.model, "action": answer.action, "content": answer.content}

            async def ask_nobody() -> str:
                from mxcp.runtime import ClientRequestError
                try:
                    await mcp.sample("hello")
                except ClientRequestError as e:
                    return str(e)

            def without_pandas() -> str:
                try:
                    db.execute("SELECT 1 AS x").df()
                except RuntimeError as e:
                    return str(e)

            def plugin_names() -> dict:
                return {"names": plugins.list(), "missing": plugins.get("none") is None,
                        "used": plugins.get("util").decorate("x")}
            """;

    @BeforeAll
    static void open() {
        String noArgs = "";
        project = PythonProject.create(dir, """
                secrets: [api_credentials]
                python:
                  workers: 1
                plugin:
                  - {name: util, module: util_plugin, config: util_cfg}
                """,
                "plugins/util_plugin.py", """
                        from mxcp.plugins import MXCPBasePlugin

                        class MXCPPlugin(MXCPBasePlugin):
                            def decorate(self, text):
                                return self.config["prefix"] + " " + text
                        """,
                "python/api.py", API,
                "tools/rows_are_plain.yml", tool("rows_are_plain", "api.py", noArgs, ""),
                "tools/typed_values.yml", tool("typed_values", "api.py", noArgs, ""),
                "tools/with_params.yml", tool("with_params", "api.py",
                        "- {name: name, type: string}\n- {name: day, type: string, format: date}", ""),
                "tools/write_then_read.yml", tool("write_then_read", "api.py", noArgs, "type: integer"),
                "tools/bad_sql.yml", tool("bad_sql", "api.py", noArgs, "type: string"),
                "tools/secrets.yml", tool("secrets", "api.py", noArgs, ""),
                "tools/settings.yml", tool("settings", "api.py", noArgs, ""),
                "tools/who.yml", tool("who", "api.py", noArgs, ""),
                "tools/sdk_context.yml", tool("sdk_context", "api.py", noArgs, ""),
                "tools/talk.yml", tool("talk", "api.py", noArgs, "type: string"),
                "tools/talk_sync.yml", tool("talk_sync", "api.py", noArgs, "type: string"),
                "tools/plugin_names.yml", tool("plugin_names", "api.py", noArgs, ""),
                "tools/rich.yml", tool("rich", "api.py", noArgs, ""),
                "tools/ask.yml", tool("ask", "api.py", "- {name: topic, type: string}", ""),
                "tools/ask_nobody.yml", tool("ask_nobody", "api.py", noArgs, "type: string"),
                "tools/without_pandas.yml", tool("without_pandas", "api.py", noArgs, "type: string"),
                "config.yml", """
                        mxcp: 1
                        projects:
                          demo:
                            profiles:
                              dev:
                                secrets:
                                  - name: api_credentials
                                    type: custom
                                    parameters:
                                      api_key: key-123
                                      api_url: https://api.example.com
                                plugin:
                                  config:
                                    util_cfg: {prefix: ">"}
                        """);
    }

    @AfterAll
    static void close() {
        project.close();
    }

    @Test
    void dbExecuteReturnsARealListOfRealDictsThatJsonDumps() {
        assertThat(project.call("rows_are_plain", Map.of())).isEqualTo(Map.of(
                "json", "[{\"id\": 1, \"name\": \"Ada\"}, {\"id\": 2, \"name\": \"Grace\"}]",
                "list", true, "dict", true, "first", Map.of("id", 1L, "name", "Ada"), "all", 2L));
    }

    @Test
    void sqlValuesArriveAsPythonTypes() {
        assertThat(project.call("typed_values", Map.of())).isEqualTo(Map.ofEntries(
                Map.entry("d", "date"), Map.entry("ts", "datetime"), Map.entry("tz", "datetime"),
                Map.entry("dec", "Decimal"), Map.entry("big", "int"), Map.entry("l", "list"), Map.entry("s", "dict"),
                Map.entry("m", "dict"), Map.entry("n", "NoneType"), Map.entry("bl", "bytes"),
                Map.entry("dec_value", "12.50"), Map.entry("tz_aware", true), Map.entry("nested", "date")));
    }

    @Test
    void parametersBindByNameWithPythonValues() {
        assertThat(project.call("with_params", Map.of("name", "Ada", "day", "2024-02-28")))
                .isEqualTo(List.of(Map.of("name", "Ada", "next_day", java.time.LocalDate.of(2024, 2, 29))));
    }

    @Test
    void writesReturnTheirCountAndAreVisibleToSql() {
        assertThat(project.call("write_then_read", Map.of())).isEqualTo(2L);
        assertThat(project.runtime.query("SELECT count(*) AS n FROM notes", Map.of()).rows())
                .containsExactly(Map.of("n", 2L));
    }

    @Test
    void aFailingStatementIsACatchablePythonException() {
        assertThat((String) project.call("bad_sql", Map.of())).startsWith("DatabaseError: Parser Error");
    }

    @Test
    void secretsInBothFormsAndFromTheModule() {
        Map<String, Object> whole = Map.of("api_key", "key-123", "api_url", "https://api.example.com");
        Map<String, Object> expected = new java.util.HashMap<>(Map.of("whole", whole, "key", "key-123",
                "module_level", "https://api.example.com"));
        expected.put("missing", null);
        expected.put("missing_key", null);
        assertThat(project.call("secrets", Map.of())).isEqualTo(expected);
    }

    @Test
    void settingsByDottedKeyAndConfigsAsPlainDicts() {
        assertThat(project.call("settings", Map.of())).isEqualTo(Map.of("project", "demo", "nested", 1L,
                "default", 7L, "site_is_dict", true, "user_is_dict", true, "user_projects", List.of("demo")));
    }

    @Test
    void theCallerAndRequestHeadersAreVisible() {
        UserContext ada = UserContext.fromProfile("test", "u-1", Map.of("username", "ada", "email", "ada@example.com"));
        assertThat(project.callAs("who", ada, Map.of("User-Agent", "tests/1.0"))).isEqualTo(Map.of("id", "u-1",
                "name", "ada", "email", "ada@example.com", "provider", "test", "agent", "tests/1.0",
                "headers", Map.of("user-agent", "tests/1.0")));
    }

    @Test
    void mxcpSdkContextHelpersWork() {
        UserContext ada = UserContext.fromProfile("test", "u-1", Map.of("username", "ada"));
        assertThat(project.callAs("sdk_context", ada, Map.of("X-Trace", "t1"))).isEqualTo(Map.of("user", "ada",
                "ctx_user", "ada", "headers", Map.of("x-trace", "t1"), "site", "demo"));
        // MXCP's test_runner.py: without request headers, request_headers is None
        Map<String, Object> none = new java.util.HashMap<>(Map.of("ctx_user", "ada", "user", "ada", "site", "demo"));
        none.put("headers", null);
        assertThat(project.callAs("sdk_context", ada, null)).isEqualTo(none);
    }

    @Test
    void logsAndProgressReachTheCallsChannel() {
        var channel = new PythonProject.RecordingChannel();
        assertThat(project.call("talk", Map.of(), new CallContext(CallerContext.NONE, channel))).isEqualTo("ok");
        assertThat(channel.events).containsExactly("INFO starting", "progress 1.0/2.0 half", "progress 2.0/2.0 done",
                "WARNING careful");
    }

    @Test
    void syncCodeLogsThroughAsyncioRun() {
        var channel = new PythonProject.RecordingChannel();
        assertThat(project.call("talk_sync", Map.of(), new CallContext(CallerContext.NONE, channel))).isEqualTo("ok");
        assertThat(channel.events).containsExactly("INFO from sync code");
    }

    @Test
    void contentHelpersReturnMcpContent() {
        assertThat(project.call("rich", Map.of())).isEqualTo(List.of(Content.text("look:"),
                Content.image("UE5H", "image/png"),
                Content.embedded(new Content.TextResource("test://note", "text/plain", "a note"))));
    }

    @Test
    void samplingAndElicitationAskTheClient() {
        var channel = new PythonProject.RecordingChannel();
        Object result = project.call("ask", Map.of("topic", "abc"), new CallContext(CallerContext.NONE, channel));
        assertThat(result).isEqualTo(Map.of("reply", "cba", "model", "test-model", "action", "accept",
                "content", Map.of("name", "Ada")));
        assertThat(channel.events).containsExactly("sample abc max 50", "elicit Your name?");
    }

    @Test
    void samplingWithoutAClientIsACatchableError() {
        assertThat(project.call("ask_nobody", Map.of())).isEqualTo(
                "sampling needs an MCP client that supports it; none is connected");
    }

    @Test
    void dfWithoutPandasExplainsWhy() {
        assertThat((String) project.call("without_pandas", Map.of())).startsWith(
                "db.execute(...).df() needs pandas, which is not importable here");
    }

    @Test
    void pluginsAreBuiltWithTheirUserConfigSettings() {
        assertThat(project.call("plugin_names", Map.of())).isEqualTo(Map.of("names", List.of("util"), "missing", true,
                "used", "> x"));
    }

    @Test
    void aPluginWhoseSettingsAreMissingStopsTheWorkerAsItStopsMxcp() {
        try (PythonProject broken = PythonProject.create(dir.resolve("unconfigured"), """
                plugin:
                  - {name: lamp, module: lamp_plugin, config: no_such_cfg}
                """,
                "plugins/lamp_plugin.py", """
                        from mxcp.plugins import MXCPBasePlugin

                        class MXCPPlugin(MXCPBasePlugin):
                            pass
                        """,
                "python/api.py", "def plugin_names():\n    return []\n",
                "tools/plugin_names.yml", tool("plugin_names", "api.py", "", ""))) {
            assertThatThrownBy(() -> broken.call("plugin_names", Map.of()))
                    .isInstanceOf(MxcpException.class)
                    .hasMessageContaining("Failed to load plugin 'lamp': plugin config 'no_such_cfg' is not in the"
                            + " user configuration's profile 'dev'");
        }
    }
}

package dev.mxcp.host.polyglot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * reload_duckdb / reloadDuckdb under concurrent calls, on Python and JavaScript alike: no call fails, the payload
 * runs with the database closed (it sees the error db.execute raises then), and the hooks run around it (the
 * init hook that runs after it records what it saw, with the count of shutdown hook runs before it).
 */
class GuestReloadScenariosTest {

    static final String PYTHON = """
            import asyncio
            from mxcp.runtime import db, on_init, on_shutdown, reload_duckdb, DatabaseError

            shutdowns = 0
            seen_by_payload = None

            @on_shutdown
            def count_shutdowns():
                global shutdowns
                shutdowns += 1

            @on_init
            def record_the_payload():
                global seen_by_payload
                db.execute("CREATE TABLE IF NOT EXISTS marks (text VARCHAR)")
                if seen_by_payload is not None:
                    db.execute("INSERT INTO marks VALUES ($text)", {"text": f"{seen_by_payload}; shutdowns: {shutdowns}"})
                    seen_by_payload = None

            def item_count() -> int:
                return db.execute("SELECT count(*) AS n FROM items")[0]["n"]

            def rebuild() -> dict:
                async def try_the_database():
                    global seen_by_payload
                    await asyncio.sleep(0.01)
                    try:
                        db.execute("SELECT 1")
                        seen_by_payload = "open"
                    except DatabaseError as e:
                        seen_by_payload = str(e)
                reload_duckdb(payload_func=try_the_database, description="look at the closed database")
                return {"status": "scheduled"}
            """;

    static final String JS = """
            import { db, onInit, onShutdown, reloadDuckdb, DatabaseError } from "mxcp:runtime";

            let shutdowns = 0;
            let seenByPayload = null;

            onShutdown(function countShutdowns() { shutdowns++; });

            onInit(function recordThePayload() {
              db.execute("CREATE TABLE IF NOT EXISTS marks (text VARCHAR)");
              if (seenByPayload !== null) {
                db.execute("INSERT INTO marks VALUES ($text)", { text: `${seenByPayload}; shutdowns: ${shutdowns}` });
                seenByPayload = null;
              }
            });

            export const item_count = () => db.execute("SELECT count(*) AS n FROM items")[0].n;

            export function rebuild() {
              reloadDuckdb(async function tryTheDatabase() {
                await new Promise((resolve) => setTimeout(resolve, 10));
                try {
                  db.execute("SELECT 1");
                  seenByPayload = "open";
                } catch (e) {
                  if (!(e instanceof DatabaseError)) throw e;
                  seenByPayload = e.message;
                }
              }, "look at the closed database");
              return { status: "scheduled" };
            }
            """;

    static final PythonProject.Scenario SCENARIO = new PythonProject.Scenario(PYTHON, JS,
            new String[][] {{"item_count", "", "type: integer"}, {"rebuild", "", ""}});

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void concurrentCallsAllSucceedWhileThePayloadRunsWithTheDatabaseClosed(String language) throws Exception {
        PythonReloadTest.createDatabase(dir.resolve("data/db-dev.duckdb"), 1);
        try (PythonProject project = SCENARIO.open(dir, language, language + ":\n  workers: 2\n",
                "tools/sql_count.yml", sqlTool("sql_count", "SELECT count(*) FROM items", "{type: integer}"),
                "tools/marks.yml", sqlTool("marks", "SELECT text FROM marks", "{type: array}"))) {
            assertThat(project.call("item_count", Map.of())).isEqualTo(1L);
            assertThat(project.callsAroundAReload()).allMatch(Long.valueOf(1)::equals);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Object marks = project.call("marks", Map.of());
            while (List.of().equals(marks) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                marks = project.call("marks", Map.of());
            }
            assertThat(marks).isEqualTo(List.of(Map.of("text", "The database is closed while a reload runs; shutdowns: 1")));
        }
    }

    private static String sqlTool(String name, String sql, String returns) {
        return "mxcp: 1\ntool:\n  name: " + name + "\n  return: " + returns + "\n  source:\n    code: " + sql + "\n";
    }
}

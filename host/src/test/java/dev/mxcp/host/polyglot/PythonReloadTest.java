package dev.mxcp.host.polyglot;

import static dev.mxcp.host.polyglot.PythonProject.tool;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reload_duckdb: the payload gets the database file to itself, and no call fails meanwhile. */
class PythonReloadTest {

    static final String CODE = """
            import shutil
            from mxcp.runtime import db, on_init, on_shutdown, reload_duckdb

            inits = 0

            @on_init
            def count_inits():
                global inits
                inits += 1

            def item_count() -> int:
                return db.execute("SELECT count(*) AS n FROM items")[0]["n"]

            def init_count() -> int:
                return inits

            def rebuild() -> dict:
                def swap_in_staging():
                    shutil.copy("data/staging.duckdb", "data/db-dev.duckdb")
                reload_duckdb(payload_func=swap_in_staging, description="swap in the staging database")
                return {"status": "scheduled"}
            """;

    @TempDir
    Path dir;

    @Test
    void concurrentCallsAllSucceedAndSeeTheNewDataAfterwards() throws Exception {
        createDatabase(dir.resolve("data/db-dev.duckdb"), 1);
        createDatabase(dir.resolve("data/staging.duckdb"), 3);
        try (PythonProject project = PythonProject.create(dir, "python:\n  workers: 2\n",
                "python/code.py", CODE,
                "tools/item_count.yml", tool("item_count", "code.py", "", "type: integer"),
                "tools/init_count.yml", tool("init_count", "code.py", "", "type: integer"),
                "tools/rebuild.yml", tool("rebuild", "code.py", "", ""),
                "tools/sql_count.yml", "mxcp: 1\ntool:\n  name: sql_count\n  return: {type: integer}\n"
                        + "  source:\n    code: SELECT count(*) FROM items\n")) {
            assertThat(project.call("item_count", Map.of())).isEqualTo(1L);
            assertThat(project.callsAroundAReload()).allMatch(n -> n.equals(1L) || n.equals(3L));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Long.valueOf(3).equals(project.call("sql_count", Map.of())) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(project.call("item_count", Map.of())).isEqualTo(3L);
            assertThat(project.call("init_count", Map.of())).isEqualTo(2L);
        }
    }

    /** A DuckDB file with a table items of {@code rows} rows. */
    static void createDatabase(Path file, int rows) throws Exception {
        java.nio.file.Files.createDirectories(file.getParent());
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE items AS SELECT range AS id FROM range(" + rows + ")");
        }
    }
}

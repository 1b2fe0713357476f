package dev.mxcp.host.polyglot;

import static dev.mxcp.host.polyglot.PythonProject.tool;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** on_init and on_shutdown: order, isolation of failures, async hooks, database access from hooks. */
class PythonLifecycleTest {

    static final String HOOKS = """
            from mxcp.runtime import on_init, on_shutdown, db

            events = []

            @on_init
            def first():
                db.execute("CREATE TABLE IF NOT EXISTS stops (what VARCHAR)")
                events.append("first")

            @on_init
            def broken():
                raise RuntimeError("this hook fails")

            @on_init
            async def third():
                events.append("third")

            @on_shutdown
            def stop():
                db.execute("INSERT INTO stops VALUES ('first shutdown hook')")

            @on_shutdown
            def broken_stop():
                raise RuntimeError("this one fails too")

            @on_shutdown
            def last_stop():
                db.execute("INSERT INTO stops VALUES ('last shutdown hook')")

            def init_events() -> list:
                return events
            """;

    @TempDir
    Path dir;

    @Test
    void hooksRunInOrderAndAFailingHookDoesNotStopTheNext() {
        try (PythonProject project = PythonProject.create(dir, "python:\n  workers: 1\n",
                "python/hooks.py", HOOKS, "tools/init_events.yml", tool("init_events", "hooks.py", "", ""))) {
            assertThat(project.call("init_events", Map.of())).isEqualTo(List.of("first", "third"));
        }
        try (PythonProject reopened = PythonProject.create(dir, "")) {
            assertThat(reopened.runtime.query("SELECT what FROM stops", Map.of()).rows()).containsExactly(
                    Map.of("what", "first shutdown hook"), Map.of("what", "last shutdown hook"));
        }
    }

    @Test
    void prestartingStartsAWorkerBeforeAnyCall(@TempDir Path dir) throws Exception {
        try (PythonProject project = PythonProject.create(dir, "",
                "python/boot.py", """
                        from mxcp.runtime import on_init

                        @on_init
                        def started():
                            with open("data/started.txt", "w") as f:
                                f.write("yes")

                        def noop() -> str:
                            return "ok"
                        """,
                "tools/noop.yml", tool("noop", "boot.py", "", "type: string"))) {
            Path marker = dir.resolve("data/started.txt");
            project.runtime.prestartGuests();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!(java.nio.file.Files.exists(marker) && java.nio.file.Files.size(marker) > 0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(marker).hasContent("yes"); // the init hook ran, and no call was made
        }
    }
}

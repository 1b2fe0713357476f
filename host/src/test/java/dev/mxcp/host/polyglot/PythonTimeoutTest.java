package dev.mxcp.host.polyglot;

import static dev.mxcp.host.polyglot.PythonProject.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.base.MxcpException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two workers and a 5 s limit: a runaway call is stopped, the other worker keeps serving. */
class PythonTimeoutTest {

    static final String CODE = """
            import random, time
            from mxcp.runtime import db, on_init

            token = None

            @on_init
            def remember():
                global token
                token = random.random()

            def spin() -> str:
                while True:
                    pass

            def long_query() -> int:
                return db.execute("SELECT count(*) AS n FROM range(1000000000000)")[0]["n"]

            def quick(n: int) -> int:
                return n + 1

            def whoami_worker() -> float:
                time.sleep(0.5)
                return token
            """;

    @TempDir
    static Path dir;
    static PythonProject project;

    @BeforeAll
    static void open() {
        project = PythonProject.create(dir, "python:\n  workers: 2\n  timeout_seconds: 5\n",
                "python/code.py", CODE,
                "tools/spin.yml", tool("spin", "code.py", "", ""),
                "tools/long_query.yml", tool("long_query", "code.py", "", ""),
                "tools/quick.yml", tool("quick", "code.py", "- {name: n, type: integer}", ""),
                "tools/whoami_worker.yml", tool("whoami_worker", "code.py", "", ""));
    }

    @AfterAll
    static void close() {
        project.close();
    }

    @Test
    void aRunawayLoopIsStoppedWhileAnotherCallSucceeds() throws Exception {
        project.call("quick", Map.of("n", 0)); // one worker warm before the runaway takes it
        CompletableFuture<Object> runaway = CompletableFuture.supplyAsync(() -> project.call("spin", Map.of()));
        List<Object> meanwhile = new ArrayList<>();
        for (int i = 0; i < 5 && !runaway.isDone(); i++) {
            meanwhile.add(project.call("quick", Map.of("n", i)));
            Thread.sleep(200);
        }
        assertThatThrownBy(runaway::join).cause().isInstanceOf(MxcpException.class).hasMessage(
                "tool 'spin' timed out: stopped after 5 s (the limit is python.timeout_seconds in mxcp-site.yml)");
        assertThat(meanwhile).isNotEmpty().startsWith(1L);
        assertThat(project.call("quick", Map.of("n", 41))).isEqualTo(42L);
    }

    @Test
    void cancellingACallStopsItsWorker() throws Exception {
        var cancellation = new dev.mxcp.host.base.Cancellation();
        var context = new dev.mxcp.host.base.CallContext(null, null, cancellation);
        CompletableFuture<Object> runaway = CompletableFuture.supplyAsync(() -> project.call("spin", Map.of(), context));
        Thread.sleep(1000);
        cancellation.cancel("the client went away");
        assertThatThrownBy(runaway::join).cause().hasMessage("tool 'spin': cancelled");
        assertThat(project.call("quick", Map.of("n", 1))).isEqualTo(2L);
    }

    @Test
    void aRunawayQueryIsStoppedToo() {
        assertThatThrownBy(() -> project.call("long_query", Map.of()))
                .hasMessageStartingWith("tool 'long_query' timed out: stopped after 5 s");
    }

    @Test
    void moduleStateIsPerWorker() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Set<Object> tokens = new HashSet<>();
            for (int round = 0; round < 3 && tokens.size() < 2; round++) {
                List<Future<Object>> both = List.of(
                        threads.submit(() -> project.call("whoami_worker", Map.of())),
                        threads.submit(() -> project.call("whoami_worker", Map.of())));
                for (Future<Object> f : both) {
                    tokens.add(f.get());
                }
            }
            assertThat(tokens).hasSize(2);
        } finally {
            threads.shutdown();
        }
    }
}

package dev.mxcp.host.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.base.PoolSizes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DuckDbTest {

    @TempDir
    Path dir;

    private static DuckDbSettings file(Path file, boolean readOnly) {
        return new DuckDbSettings(file, readOnly, 2, List.of(), List.of(), null);
    }

    private static Object value(DuckDb db, String sql) {
        try (DbSession s = db.session()) {
            return s.execute(sql, Map.of()).rows().getFirst().values().iterator().next();
        }
    }

    @Test
    void createsAFileDatabaseAndItsDirectories() {
        Path file = dir.resolve("a/b/c/data.duckdb");
        try (DuckDb db = DuckDb.open(file(file, false)); DbSession s = db.session()) {
            s.execute("CREATE TABLE t AS SELECT 42 AS answer", Map.of());
        }
        assertThat(file).isRegularFile();
        try (DuckDb db = DuckDb.open(file(file, false))) {
            assertThat(value(db, "SELECT answer FROM t")).isEqualTo(42);
        }
    }

    @Test
    void readOnlyDatabasesReadButRefuseWrites() {
        Path file = dir.resolve("ro.duckdb");
        try (DuckDb db = DuckDb.open(file(file, false)); DbSession s = db.session()) {
            s.execute("CREATE TABLE t AS SELECT 1 AS a", Map.of());
        }
        var user = new UserContext("test", "u", "carol", null, null, null, null, Map.of(), null);
        try (DuckDb db = DuckDb.open(file(file, true)); DbSession s = db.session()) {
            assertThat(s.execute("SELECT a FROM t", Map.of()).rows()).containsExactly(Map.of("a", 1));
            assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (2)", Map.of()))
                    .isInstanceOf(MxcpException.class)
                    .hasMessage("Cannot execute INSERT: the database is opened read-only");
            assertThatThrownBy(() -> s.execute("-- make one\ncreate table u(a INT)", Map.of()))
                    .hasMessage("Cannot execute CREATE: the database is opened read-only");
            assertThat(s.execute("SELECT get_username() AS u", Map.of(), new CallerContext(user, null)).rows())
                    .containsExactly(Map.of("u", "carol"));
        }
    }

    @Test
    void aMissingReadOnlyDatabaseIsCreatedEmpty() {
        Path file = dir.resolve("new/empty.duckdb");
        try (DuckDb db = DuckDb.open(file(file, true))) {
            assertThat(value(db, "SELECT count(*) FROM duckdb_tables()")).isEqualTo(0L);
        }
        assertThat(file).isRegularFile();
    }

    @Test
    void refusesAReadOnlyInMemoryDatabaseAndReportsOpenErrors() throws Exception {
        assertThatThrownBy(() -> DuckDb.open(new DuckDbSettings(null, true, 1, List.of(), List.of(), null)))
                .isInstanceOf(MxcpException.class)
                .hasMessage("An in-memory DuckDB database cannot be opened read-only");
        Path notADatabase = Files.writeString(dir.resolve("text.duckdb"), "hello");
        assertThatThrownBy(() -> DuckDb.open(file(notADatabase, false)))
                .isInstanceOf(MxcpException.class)
                .hasMessageStartingWith("Cannot open DuckDB database " + notADatabase + ": IO Error:")
                .hasMessageNotContaining("\n");
    }

    @Test
    @Timeout(60)
    void poolServesConcurrentCallersCorrectly() throws Exception {
        int threads = 8;
        int queries = 50;
        var leased = new AtomicInteger();
        var maxLeased = new AtomicInteger();
        try (DuckDb db = DuckDb.open(DuckDbSettings.inMemory(3))) {
            try (DbSession s = db.session()) {
                s.execute("CREATE TABLE numbers AS SELECT range AS n FROM range(1000)", Map.of());
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    var caller = new CallerContext(
                            new UserContext("test", "u" + thread, "user-" + thread, null, null, null, null, Map.of(), null), null);
                    int ok = 0;
                    for (int q = 0; q < queries; q++) {
                        try (DbSession s = db.session()) {
                            maxLeased.accumulateAndGet(leased.incrementAndGet(), Math::max);
                            int limit = thread * 100 + q;
                            Map<String, Object> row = s.execute(
                                    "SELECT count(*) AS c, get_username() AS who FROM numbers WHERE n < $limit",
                                    Map.of("limit", limit), caller).rows().getFirst();
                            if (row.get("c").equals((long) limit) && row.get("who").equals("user-" + thread)) {
                                ok++;
                            }
                            leased.decrementAndGet();
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(queries);
            }
            pool.shutdown();
        }
        assertThat(maxLeased.get()).isBetween(1, 3);
    }

    @Test
    @Timeout(30)
    void sessionWaitsForAFreeConnectionAndCloseWaitsForLeases() throws Exception {
        DuckDb db = DuckDb.open(DuckDbSettings.inMemory(1));
        DbSession held = db.session();
        var waiting = new CountDownLatch(1);
        var got = new CountDownLatch(1);
        Thread other = Thread.ofVirtual().start(() -> {
            waiting.countDown();
            try (DbSession s = db.session()) {
                s.execute("SELECT 1", Map.of());
                got.countDown();
            }
        });
        waiting.await();
        assertThat(got.await(200, TimeUnit.MILLISECONDS)).isFalse();
        held.close();
        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        other.join();

        DbSession leased = db.session();
        var waiterError = new AtomicReference<Throwable>();
        Thread waiter = Thread.ofVirtual().start(() -> waiterError.set(catchThrowable(db::session)));
        awaitBlocked(waiter);
        Thread closer = Thread.ofVirtual().start(db::close);
        Thread.sleep(100);
        assertThat(closer.isAlive()).isTrue();
        assertThat(waiter.isAlive()).isTrue();
        leased.close();
        closer.join(10_000);
        waiter.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(waiterError.get()).isInstanceOf(MxcpException.class).hasMessage("The in-memory DuckDB database is closed");
        assertThatThrownBy(db::session).isInstanceOf(MxcpException.class).hasMessage("The in-memory DuckDB database is closed");
    }

    @Test
    @Timeout(30)
    void connectionsGoToWaitingCallersFirstComeFirstServed() throws Exception {
        try (DuckDb db = DuckDb.open(DuckDbSettings.inMemory(1))) {
            for (int round = 0; round < 100; round++) {
                DbSession held = db.session();
                var order = new java.util.concurrent.ConcurrentLinkedQueue<String>();
                Thread early = Thread.ofVirtual().start(() -> {
                    try (DbSession s = db.session()) {
                        order.add("early");
                    }
                });
                awaitBlocked(early);
                // the holder gives the connection back and asks again at once: it must queue behind the early caller
                held.close();
                try (DbSession again = db.session()) {
                    order.add("holder again");
                }
                early.join(10_000);
                assertThat(order).as("round %d", round).containsExactly("early", "holder again");
            }
        }
    }

    /** Waits (bounded) until {@code thread} is parked, so the order of the next steps is not a race. */
    private static void awaitBlocked(Thread thread) throws InterruptedException {
        for (int i = 0; i < 1000 && thread.getState() != Thread.State.WAITING
                && thread.getState() != Thread.State.TIMED_WAITING; i++) {
            Thread.sleep(5);
        }
        assertThat(thread.getState()).isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
    }

    @Test
    void loadsExtensionsBuiltIntoTheDriver() throws Exception {
        Path parquet = dir.resolve("x.parquet");
        var settings = new DuckDbSettings(null, false, 2,
                List.of(new ExtensionSpec("json", null), new ExtensionSpec("parquet", null),
                        new ExtensionSpec("ICU", "core_nightly")), List.of(), null);
        try (DuckDb db = DuckDb.open(settings); DbSession s = db.session()) {
            assertThat(s.execute("SELECT json_extract('{\"a\": [1, 2]}', '$.a[1]')::INTEGER AS v", Map.of()).rows())
                    .containsExactly(Map.of("v", 2));
            s.execute("COPY (SELECT 7 AS seven) TO '" + parquet + "' (FORMAT parquet)", Map.of());
            assertThat(s.execute("SELECT * FROM read_parquet($file)", Map.of("file", parquet.toString())).rows())
                    .containsExactly(Map.of("seven", 7));
        }
    }

    @Test
    void failsClearlyOnExtensionsItCannotLoad() {
        var missing = new DuckDbSettings(null, false, 1, List.of(new ExtensionSpec("mxcp_no_such_extension", null)), List.of(), null);
        assertThatThrownBy(() -> DuckDb.open(missing))
                .isInstanceOf(MxcpException.class)
                .hasMessageStartingWith("Cannot load DuckDB extension 'mxcp_no_such_extension': ")
                .hasMessageNotContaining("\n");
        var invalid = new DuckDbSettings(null, false, 1, List.of(new ExtensionSpec("json; DROP TABLE x", null)), List.of(), null);
        assertThatThrownBy(() -> DuckDb.open(invalid))
                .isInstanceOf(MxcpException.class)
                .hasMessage("Invalid DuckDB extension name 'json; DROP TABLE x'");
    }

    @Test
    void aDedicatedSessionLeavesThePoolAloneAndSeesTheSameDatabase() {
        try (DuckDb db = DuckDb.open(file(dir.resolve("d.duckdb"), false))) {
            assertThat(db.poolSizes()).isEqualTo(new PoolSizes(2, 2, 0));
            DbSession mine = db.dedicatedSession();
            mine.execute("CREATE TABLE t AS SELECT 7 AS a", Map.of());
            try (DbSession first = db.session(); DbSession second = db.session()) { // the whole pool of 2
                assertThat(first.execute("SELECT a FROM t", Map.of()).rows()).containsExactly(Map.of("a", 7));
                assertThat(second.execute("SELECT a FROM t", Map.of()).rows()).containsExactly(Map.of("a", 7));
                assertThat(db.poolSizes()).isEqualTo(new PoolSizes(2, 2, 2));
            }
            assertThat(db.poolSizes()).isEqualTo(new PoolSizes(2, 2, 0));
            assertThat(db.dedicatedConnections()).isEqualTo(1);
            mine.reset();
            assertThat(mine.execute("SELECT count(*) AS n FROM t", Map.of()).rows()).containsExactly(Map.of("n", 1L));
            mine.close();
            assertThat(db.dedicatedConnections()).isZero();
        }
    }

    @Test
    void closingTheDatabaseClosesDedicatedSessions() {
        DbSession mine;
        try (DuckDb db = DuckDb.open(file(dir.resolve("d.duckdb"), false))) {
            mine = db.dedicatedSession();
        }
        assertThatThrownBy(() -> mine.execute("SELECT 1", Map.of())).isInstanceOf(MxcpException.class);
    }

    @Test
    @Timeout(30)
    void cancelStopsARunningStatementFromAnotherThread() throws Exception {
        try (DuckDb db = DuckDb.open(DuckDbSettings.inMemory(1)); DbSession session = db.session()) {
            Thread canceller = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                session.cancel();
            });
            assertThatThrownBy(() -> session.execute("SELECT count(*) FROM range(1000000000000)", Map.of()))
                    .isInstanceOf(MxcpException.class).hasMessageContaining("Interrupt");
            canceller.join();
            assertThat(session.execute("SELECT 1 AS one", Map.of()).rows()).containsExactly(Map.of("one", 1));
        }
    }
}

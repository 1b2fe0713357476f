package dev.mxcp.host.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.base.MxcpException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL functions with bodies in Java (as guests' are behind {@link SqlFunctions}) on a real database: their
 * macros on every connection, values both ways, where their calls run, and what their own SQL may do.
 */
class SqlFunctionsTest {

    @TempDir
    Path dir;

    /** Functions written here; remembers which threads and owners ran them. */
    static final class JavaFunctions implements SqlFunctions {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final Set<Object> owners = ConcurrentHashMap.newKeySet();
        final CountDownLatch waiting = new CountDownLatch(1);
        volatile boolean sawCancel;
        volatile DbSession nestedOn;

        @Override
        public List<Definition> definitions() {
            return List.of(new Definition("twice", List.of("INTEGER"), "INTEGER"),
                    new Definition("label", List.of("VARCHAR", "BOOLEAN"), "VARCHAR"),
                    new Definition("first_key", List.of("MAP(VARCHAR, INTEGER)"), "STRUCT(k VARCHAR, n INTEGER[])"),
                    new Definition("nested", List.of(), "VARCHAR"),
                    new Definition("wait_for_cancel", List.of("INTEGER"), "INTEGER"));
        }

        @Override
        public List<Object> call(Definition function, List<List<Object>> rows, Object owner, Cancellation cancellation) {
            threads.add(Thread.currentThread());
            if (owner != null) {
                owners.add(owner);
            }
            List<Object> results = new ArrayList<>();
            for (List<Object> args : rows) {
                results.add(switch (function.name()) {
                    case "twice" -> args.get(0) == null ? null : (Integer) args.get(0) * 2;
                    case "label" -> args.get(0) + (args.get(1) == null ? "?" : (Boolean) args.get(1) ? "!" : ".");
                    case "first_key" -> { // JSON in, JSON out
                        String json = (String) args.get(0);
                        String key = json.substring(json.indexOf('"') + 1, json.indexOf('"', json.indexOf('"') + 1));
                        yield "{\"k\": \"" + key + "\", \"n\": [1, null]}";
                    }
                    case "nested" -> {
                        try {
                            nestedOn.execute("SELECT 1", Map.of());
                            yield "ran";
                        } catch (MxcpException e) {
                            yield e.getMessage();
                        }
                    }
                    case "wait_for_cancel" -> {
                        CountDownLatch cancelled = new CountDownLatch(1);
                        try (Cancellation.Registration r = cancellation.onCancel(cancelled::countDown)) {
                            waiting.countDown();
                            sawCancel = cancelled.await(30, TimeUnit.SECONDS);
                            yield -1;
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    default -> throw new IllegalArgumentException("no function " + function.name());
                });
            }
            return results;
        }
    }

    @Test
    void everyConnectionOfAReadOnlyDatabaseCallsThemWithValuesAndNullsBothWays() {
        Path file = dir.resolve("data.duckdb");
        DuckDb.open(new DuckDbSettings(file, false, 1, List.of(), List.of(), null)).close();
        JavaFunctions functions = new JavaFunctions();
        try (DuckDb db = DuckDb.open(new DuckDbSettings(file, true, 2, List.of(), List.of(), null), functions);
             DbSession a = db.session(); DbSession b = db.session(); DbSession own = db.dedicatedSession()) {
            for (DbSession s : List.of(a, b, own)) {
                Map<String, Object> row = s.execute("SELECT twice(21) AS t, twice(NULL) AS n, label('x', true) AS l,"
                        + " label(NULL, NULL) AS u, first_key(MAP {'key': 1}) AS f", Map.of()).rows().getFirst();
                assertThat(row).containsEntry("t", 42).containsEntry("n", null).containsEntry("l", "x!")
                        .containsEntry("u", "null?");
                assertThat(row.get("f")).isEqualTo(Map.of("k", "key", "n", java.util.Arrays.asList(1, null)));
            }
        }
    }

    @Test
    void anOwnedSessionsFunctionsRunOnTheOwnersThreadAndTheirSqlCannotReuseItsConnection() {
        JavaFunctions functions = new JavaFunctions();
        Object owner = new Object();
        try (DuckDb db = DuckDb.open(DuckDbSettings.inMemory(2), functions); DbSession own = db.dedicatedSession(owner)) {
            // enough rows for DuckDB to call the function from several threads
            var result = own.execute("SELECT sum(twice(i::INTEGER)) AS s FROM range(200000) t(i)", Map.of());
            assertThat(result.rows().getFirst().get("s")).isEqualTo(java.math.BigInteger.valueOf(39999800000L));
            assertThat(functions.threads).containsExactly(Thread.currentThread());
            assertThat(functions.owners).containsExactly(owner);

            functions.nestedOn = own;
            assertThat(own.execute("SELECT nested() AS n", Map.of()).rows().getFirst().get("n"))
                    .isEqualTo("A SQL function's own SQL cannot use the connection whose statement called it");
            try (DbSession other = db.session()) {
                functions.nestedOn = other;
                assertThat(own.execute("SELECT nested() AS n", Map.of()).rows().getFirst().get("n")).isEqualTo("ran");
            }
        }
    }

    @Test
    void cancellingAStatementCancelsTheFunctionCallsItWaitsFor() throws Exception {
        JavaFunctions functions = new JavaFunctions();
        try (DuckDb db = DuckDb.open(DuckDbSettings.inMemory(1), functions); DbSession s = db.session()) {
            Thread canceller = Thread.ofPlatform().start(() -> {
                try {
                    functions.waiting.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                s.cancel();
            });
            try {
                s.execute("SELECT wait_for_cancel(1) AS w", Map.of());
            } catch (MxcpException interrupted) {
                assertThat(interrupted).hasMessageContaining("nterrupt"); // or DuckDB saw the interrupt too late
            }
            canceller.join();
            assertThat(functions.sawCancel).isTrue();
        }
    }
}

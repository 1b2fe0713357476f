import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.duckdb.DuckDBConnection;

/**
 * The database ceiling: the benchmark's point lookup through plain JDBC, one reused PreparedStatement per
 * thread, one thread per core, in a tight loop. Usage: java -cp <dist>/lib/* DbCeiling.java DB_FILE SECONDS
 * Prints "DB_CEILING lookups_per_s=N threads=T".
 */
public class DbCeiling {
    static final long FIXED = Long.getLong("fixed", 0);
    public static void main(String[] args) throws Exception {
        String file = args[0];
        long seconds = Long.parseLong(args[1]);
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        try (DuckDBConnection first = DriverManager.getConnection("jdbc:duckdb:" + file).unwrap(DuckDBConnection.class)) {
            if (args.length > 2) {
                try (Statement st = first.createStatement()) {
                    st.execute(args[2]);
                }
            }
            LongAdder done = new LongAdder();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Connection conn = first.duplicate();
                workers.add(Thread.ofPlatform().start(() -> {
                    try (conn; PreparedStatement ps = conn.prepareStatement(
                            "SELECT id, name, price FROM items WHERE id = ?")) {
                        long i = 0;
                        while (System.nanoTime() < deadline) {
                            ps.setLong(1, FIXED > 0 ? FIXED : 1 + (i++ % 10_000));
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    rs.getObject(1);
                                    rs.getObject(2);
                                    rs.getObject(3);
                                }
                            }
                            done.increment();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            for (Thread w : workers) {
                w.join();
            }
            System.out.printf("DB_CEILING lookups_per_s=%d threads=%d%n", done.sum() / seconds, threads);
        }
    }
}

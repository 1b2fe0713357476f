import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.db.DbSession;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.engine.ProjectRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.graalvm.polyglot.Engine;

/**
 * Python endpoint benchmark (bench/python/run.sh runs it with ./mxcp's JVM flags, so guest code is JIT-compiled).
 * Prints: the polyglot implementation and whether compilations happened; warm call latency of Python tools
 * against the same SQL run directly; a CPU-bound tool after warm-up against CPython on the same function.
 */
public final class PythonBench {

    private static final AtomicInteger COMPILATIONS = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        Path project = Path.of(args.length > 1 ? args[1] : "bench/python/project").toAbsolutePath();
        countCompilations();
        try (Engine probe = Engine.create()) {
            System.out.println("polyglot implementation: " + probe.getImplementationName()
                    + " (\"Interpreted\" would mean no JIT)");
        }
        ProjectConfig config = ProjectConfig.load(project, ProjectConfig.Overrides.NONE,
                Map.of("HOME", System.getProperty("user.home"), "MXCP_DUCKDB_PATH", ":memory:"));
        try (ProjectRuntime runtime = ProjectRuntime.open(config)) {
            latency(runtime, calls);
            cpu(runtime, project);
        }
    }

    private static void latency(ProjectRuntime runtime, int calls) {
        System.out.println();
        System.out.println("warm call latency, " + calls + " calls each after " + calls + " warm-up calls (microseconds)");
        System.out.println("  what                                      p50      p90      p99");
        var noop = measure(calls, () -> call(runtime, "noop", Map.of()));
        print("python tool, empty body (all overhead)", noop);
        print("python tool, small dict in and out", measure(calls, () -> call(runtime, "small_dict",
                Map.of("name", "Ada", "count", 3))));
        var query = measure(calls, () -> call(runtime, "one_query", Map.of("n", 42)));
        print("python tool running one db.execute", query);
        long[] sql;
        try (DbSession session = runtime.database().session()) {
            sql = measure(calls, () -> session.execute("SELECT $n AS n, 'x' AS label", Map.of("n", 42L)));
        }
        print("the same SQL run directly (DbSession)", sql);
        System.out.printf("  overhead beyond body+SQL, p50: %.1f us (empty body), %.1f us (tool with SQL minus the SQL)%n",
                noop[0] / 1e3, (query[0] - sql[0]) / 1e3);
    }

    private static void cpu(ProjectRuntime runtime, Path project) throws Exception {
        int limit = 200_000;
        System.out.println();
        System.out.println("CPU-bound tool: count_primes(" + limit + ") by trial division (milliseconds)");
        COMPILATIONS.set(0);
        long[] warmup = new long[30];
        for (int i = 0; i < warmup.length; i++) {
            long start = System.nanoTime();
            call(runtime, "count_primes", Map.of("limit", limit));
            warmup[i] = System.nanoTime() - start;
        }
        long[] warm = measure(10, 0, () -> call(runtime, "count_primes", Map.of("limit", limit)));
        System.out.printf("  GraalPy: first call %.1f, 10th %.1f, 30th %.1f, warm median %.1f; %d compilations%n",
                warmup[0] / 1e6, warmup[9] / 1e6, warmup[29] / 1e6, warm[0] / 1e6, COMPILATIONS.get());
        Process cpython = new ProcessBuilder("python3", project.resolve("python/cpu.py").toString(),
                String.valueOf(limit), "10").redirectErrorStream(true).start();
        String[] out = new String(cpython.getInputStream().readAllBytes()).strip().split(" ");
        cpython.waitFor();
        String version = new String(new ProcessBuilder("python3", "--version").start().getInputStream().readAllBytes()).strip();
        double cpythonMillis = Double.parseDouble(out[1]);
        System.out.printf("  %s: median of 10 runs %.1f (result %s)%n", version, cpythonMillis, out[0]);
        System.out.printf("  speed-up of GraalPy over CPython: %.1fx%n", cpythonMillis / (warm[0] / 1e6));
    }

    private static Object call(ProjectRuntime runtime, String tool, Map<String, Object> args) {
        return runtime.call(runtime.endpoints().require(EndpointDef.Kind.TOOL, tool), null, args,
                CallContext.of(CallerContext.NONE), true);
    }

    private static long[] measure(int calls, Supplier<?> body) {
        return measure(calls, calls, body);
    }

    /** Nanoseconds: p50, p90, p99 of {@code calls} runs after {@code warmup} unmeasured ones. */
    private static long[] measure(int calls, int warmup, Supplier<?> body) {
        for (int i = 0; i < warmup; i++) {
            body.get();
        }
        long[] times = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            body.get();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return new long[] {times[calls / 2], times[calls * 9 / 10], times[Math.min(calls - 1, calls * 99 / 100)]};
    }

    private static void print(String what, long[] p) {
        System.out.printf("  %-40s %7.1f  %7.1f  %7.1f%n", what, p[0] / 1e3, p[1] / 1e3, p[2] / 1e3);
    }

    /** With -Dpolyglot.engine.TraceCompilation=true the engine logs each compilation; count them. */
    private static void countCompilations() {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains("opt done")) {
                    COMPILATIONS.incrementAndGet();
                } else if (record.getLevel().intValue() >= Level.WARNING.intValue()
                        && (record.getMessage() == null || !record.getMessage().contains("opt "))) {
                    System.err.println(record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }
}

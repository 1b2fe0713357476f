import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.db.DbSession;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.engine.ProjectRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.graalvm.polyglot.Engine;

/**
 * The guest endpoint benchmark, for JavaScript (bench/js/run.sh) and Python (bench/python/run.sh), which run it
 * with ./mxcp's JVM flags, so guest code is JIT-compiled. Prints: the polyglot implementation and whether
 * compilations happened; warm call latency of the language's tools against the same SQL run directly; a
 * CPU-bound tool after warm-up against the reference runtime (Node, CPython) on the same file.
 * Usage: java GuestBench.java js|python [CALLS] [PROJECT]
 */
public final class GuestBench {

    /**
     * What differs between the languages: names, the CPU-bound tool's warm-up and measured runs (GraalJS was
     * still compiling at 30 calls, so it gets 100), and the reference runtime's command and verdict line.
     */
    private record Language(String tool, String engine, int warmups, int runs, String referenceFile,
                            String referenceCommand, Verdict verdict) {

        /** The reference's command line: file, limit, runs and (Node) its own warm-up runs, as the file expects. */
        List<String> reference(Path project, int limit) {
            List<String> command = new java.util.ArrayList<>(List.of(referenceCommand,
                    project.resolve(referenceFile).toString(), String.valueOf(limit), String.valueOf(runs)));
            if (referenceCommand.equals("node")) {
                command.add(String.valueOf(warmups));
            }
            return command;
        }
    }

    /** The last lines: how the warm guest time compares with the reference's, in the language's own terms. */
    private interface Verdict {
        void print(String version, double guestMillis, double referenceMillis, String result, Language language);
    }

    private static final Language JS = new Language("js", "GraalJS", 100, 20, "js/cpu.mjs", "node",
            (version, guest, reference, result, l) -> {
                System.out.printf("  Node %s: median of %d runs after %d warm-up runs %.1f (result %s)%n",
                        version, l.runs(), l.warmups(), reference, result);
                System.out.printf("  GraalJS time / Node time: %.2fx (target <= 2x)%n", guest / reference);
            });
    private static final Language PYTHON = new Language("python", "GraalPy", 30, 10, "python/cpu.py", "python3",
            (version, guest, reference, result, l) -> {
                System.out.printf("  %s: median of %d runs %.1f (result %s)%n", version, l.runs(), reference, result);
                System.out.printf("  speed-up of GraalPy over CPython: %.1fx%n", reference / guest);
            });

    private static final AtomicInteger COMPILATIONS = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        Language language = switch (args.length > 0 ? args[0] : "") {
            case "js" -> JS;
            case "python" -> PYTHON;
            default -> throw new IllegalArgumentException("usage: GuestBench.java js|python [CALLS] [PROJECT]");
        };
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        Path project = Path.of(args.length > 2 ? args[2] : "bench/" + language.tool() + "/project").toAbsolutePath();
        countCompilations();
        try (Engine probe = Engine.create()) {
            System.out.println("polyglot implementation: " + probe.getImplementationName()
                    + " (\"Interpreted\" would mean no JIT)");
        }
        ProjectConfig config = ProjectConfig.load(project, ProjectConfig.Overrides.NONE,
                Map.of("HOME", System.getProperty("user.home"), "MXCP_DUCKDB_PATH", ":memory:"));
        try (ProjectRuntime runtime = ProjectRuntime.open(config)) {
            latency(runtime, calls, language);
            cpu(runtime, project, language);
        }
    }

    private static void latency(ProjectRuntime runtime, int calls, Language language) {
        System.out.println();
        System.out.println("warm call latency, " + calls + " calls each after " + calls + " warm-up calls (microseconds)");
        System.out.println("  what                                      p50      p90      p99");
        var noop = measure(calls, () -> call(runtime, "noop", Map.of()));
        print(language.tool() + " tool, empty body (all overhead)", noop);
        print(language.tool() + " tool, small dict in and out", measure(calls, () -> call(runtime, "small_dict",
                Map.of("name", "Ada", "count", 3))));
        var query = measure(calls, () -> call(runtime, "one_query", Map.of("n", 42)));
        print(language.tool() + " tool running one db.execute", query);
        long[] sql;
        try (DbSession session = runtime.database().session()) {
            sql = measure(calls, () -> session.execute("SELECT $n AS n, 'x' AS label", Map.of("n", 42L)));
        }
        print("the same SQL run directly (DbSession)", sql);
        System.out.printf("  overhead beyond body+SQL, p50: %.1f us (empty body), %.1f us (tool with SQL minus the SQL)%n",
                noop[0] / 1e3, (query[0] - sql[0]) / 1e3);
    }

    private static void cpu(ProjectRuntime runtime, Path project, Language language) throws Exception {
        int limit = 200_000;
        System.out.println();
        System.out.println("CPU-bound tool: count_primes(" + limit + ") by trial division (milliseconds)");
        COMPILATIONS.set(0);
        long[] warmup = new long[language.warmups()];
        for (int i = 0; i < warmup.length; i++) {
            long start = System.nanoTime();
            call(runtime, "count_primes", Map.of("limit", limit));
            warmup[i] = System.nanoTime() - start;
        }
        long[] warm = measure(language.runs(), 0, () -> call(runtime, "count_primes", Map.of("limit", limit)));
        StringBuilder calls = new StringBuilder();
        for (int n : new int[] {1, 10, 30, 100}) {
            if (n <= warmup.length) {
                calls.append(String.format("%s %.1f, ", n == 1 ? "first call" : n + "th", warmup[n - 1] / 1e6));
            }
        }
        System.out.printf("  %s: %swarm median %.1f; %d compilations%n", language.engine(), calls, warm[0] / 1e6,
                COMPILATIONS.get());
        Process reference = new ProcessBuilder(language.reference(project, limit)).redirectErrorStream(true).start();
        String[] out = new String(reference.getInputStream().readAllBytes()).strip().split(" ");
        reference.waitFor();
        String version = new String(new ProcessBuilder(language.referenceCommand(), "--version").start()
                .getInputStream().readAllBytes()).strip();
        language.verdict().print(version, warm[0] / 1e6, Double.parseDouble(out[1]), out[0], language);
    }

    private static Object call(ProjectRuntime runtime, String tool, Map<String, Object> args) {
        return runtime.call(runtime.served().require(EndpointDef.Kind.TOOL, tool)
                .call(args, CallContext.of(CallerContext.NONE), true)).plain();
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

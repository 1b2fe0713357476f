import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.json.Json;
import dev.mxcp.host.manager.CircuitState;
import dev.mxcp.host.manager.McpManager;
import dev.mxcp.host.manager.McpManagerException;
import dev.mxcp.host.manager.ServerState;
import io.helidon.webserver.WebServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The MCP Manager's rows of the benchmark (issue 17, point 12):
 * (a) tools/call through McpManager.execute at 16 and 64 concurrent callers against an upstream mxcp server,
 *     printed as result rows (label, connections, calls/s, p50 ms, p99 ms, errors, -, -);
 * (b) the time an open circuit takes to refuse a call ("MANAGER_FAILFAST p50_us=.. p99_us=.. mean_ns=..");
 * (c) how long health takes to say Unhealthy after an upstream dies, and Healthy after it is back, with
 *     100 ms checks ("MANAGER_CONVERGENCE down_ms=.. up_ms=..").
 * Usage: java -cp <dist>/lib/* ManagerBench.java UPSTREAM_URL TOOL ARGS_JSON SECONDS WARMUP_SECONDS PROJECT_DIR
 * (PROJECT_DIR: a project with tool TOOL, served in-process for (c)).
 */
public class ManagerBench {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String tool = args[1];
        JsonNode request = Json.parse("{\"method\": \"" + tool + "\", \"params\": " + args[2] + "}");
        int seconds = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        Path project = Path.of(args[5]);
        try (McpManager manager = McpManager.create()) {
            manager.start();
            manager.deployServer("up", "{\"url\": \"" + url + "\", \"health_check\": {\"interval\": 0}}");
            manager.execute("up", request);
            run(manager, request, 16, warmup);
            for (int callers : new int[] {16, 64}) {
                long[] result = run(manager, request, callers, seconds);
                System.out.printf("Manager: execute(), the same upstream call\t%d\t%.0f\t%.2f\t%.2f\t%d\t-\t-%n", callers,
                        result[0] / (double) seconds, result[1] / 1e6, result[2] / 1e6, result[3]);
            }
            failFast(manager);
        }
        convergence(project, tool, request);
    }

    /** CALLERS threads calling for SECONDS: {successes, p50 ns, p99 ns, errors}. */
    static long[] run(McpManager manager, JsonNode request, int callers, int seconds) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        List<long[]> samples = new ArrayList<>();
        long[] errors = new long[callers];
        CountDownLatch done = new CountDownLatch(callers);
        for (int t = 0; t < callers; t++) {
            int me = t;
            long[] mine = new long[4_000_000];
            samples.add(mine);
            Thread.ofPlatform().start(() -> {
                int n = 0;
                while (running.get() && n < mine.length) {
                    long start = System.nanoTime();
                    try {
                        manager.execute("up", request);
                        mine[n++] = System.nanoTime() - start;
                    } catch (McpManagerException e) {
                        errors[me]++;
                    }
                }
                mine[mine.length - 1] = n; // the count, in the last slot
                done.countDown();
            });
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        done.await();
        int total = samples.stream().mapToInt(s -> (int) s[s.length - 1]).sum();
        long[] all = new long[total];
        int at = 0;
        for (long[] s : samples) {
            int n = (int) s[s.length - 1];
            System.arraycopy(s, 0, all, at, n);
            at += n;
        }
        Arrays.sort(all);
        return new long[] {total, percentile(all, 0.50), percentile(all, 0.99), Arrays.stream(errors).sum()};
    }

    static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    /** (b): a server on a closed port, its circuit opened by one failure and a long cooldown. */
    static void failFast(McpManager manager) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        manager.deployServer("dead", "{\"url\": \"http://127.0.0.1:" + port + "\", \"health_check\": {\"interval\": 0},"
                + " \"circuit_breaker\": {\"consecutive_failures\": 1, \"cooldown\": 600}}");
        JsonNode ping = Json.parse("{\"method\": \"ping\"}");
        try {
            manager.execute("dead", ping);
        } catch (McpManagerException e) {
            // the one failure that opens it
        }
        if (manager.listServers().stream().noneMatch(s -> s.id().equals("dead") && s.circuitState() == CircuitState.OPEN)) {
            throw new IllegalStateException("the circuit did not open");
        }
        int calls = 200_000;
        long[] times = new long[calls];
        long begin = System.nanoTime();
        for (int round = 0; round < 2; round++) { // the first warms the JIT
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                try {
                    manager.execute("dead", ping);
                    throw new IllegalStateException("an open circuit let a call through");
                } catch (McpManagerException e) {
                    if (e.kind() != McpManagerException.Kind.CIRCUIT_OPEN) {
                        throw e;
                    }
                }
                times[i] = System.nanoTime() - start;
            }
            if (round == 0) {
                begin = System.nanoTime();
            }
        }
        long mean = (System.nanoTime() - begin) / calls;
        Arrays.sort(times);
        System.out.printf("MANAGER_FAILFAST p50_us=%.1f p99_us=%.1f mean_ns=%d%n", percentile(times, 0.5) / 1e3,
                percentile(times, 0.99) / 1e3, mean);
    }

    /** (c): the project served in-process, stopped and served again on the same port under 100 ms checks. */
    static void convergence(Path project, String tool, JsonNode request) throws Exception {
        Path home = Files.createTempDirectory("manager-bench-home");
        Map<String, String> env = Map.of("HOME", home.toString(), "MXCP_CONFIG",
                project.resolve("mxcp-config.yml").toString());
        Served served = Served.start(project, env, 0);
        int port = served.web.port();
        try (McpManager manager = McpManager.create()) {
            manager.start();
            manager.deployServer("up", "{\"url\": \"http://127.0.0.1:" + port + "\", \"health_check\": {\"interval\": 0.1,"
                    + " \"timeout\": 1, \"unhealthy_threshold\": 2, \"window\": 1},"
                    + " \"circuit_breaker\": {\"consecutive_failures\": 3, \"cooldown\": 0.5}}");
            manager.execute("up", request);
            await(() -> manager.getServerState("up") == ServerState.HEALTHY);
            long died = System.nanoTime();
            served.close();
            await(() -> manager.getServerState("up") == ServerState.UNHEALTHY);
            long down = System.nanoTime() - died;
            Thread.sleep(1000);
            long back = System.nanoTime();
            served = Served.start(project, env, port);
            long listening = System.nanoTime() - back;
            long up0 = System.nanoTime();
            await(() -> manager.getServerState("up") == ServerState.HEALTHY);
            long up = System.nanoTime() - up0;
            System.out.printf("MANAGER_CONVERGENCE down_ms=%d up_ms=%d restart_ms=%d%n", down / 1_000_000,
                    up / 1_000_000, listening / 1_000_000);
        } finally {
            served.close();
        }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(1);
        }
    }

    record Served(Mxcp mxcp, WebServer web) implements AutoCloseable {
        static Served start(Path project, Map<String, String> env, int port) {
            Mxcp mxcp = Mxcp.builder().project(project).environment(env).build();
            WebServer web = WebServer.builder().host("127.0.0.1").port(port).shutdownHook(false)
                    .routing(r -> mxcp.mount(r, "/mcp")).build().start();
            return new Served(mxcp, web);
        }

        @Override
        public void close() {
            web.stop();
            mxcp.close();
        }
    }
}

package dev.mxcp.host.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's Python examples (examples-manager/seed, as the seed writes them) run unmodified by {@code mxcp
 * exec} against the project's own server on fixture projects, on the ports the examples name (8000-8004).
 */
class SeedExamplesTest {

    @TempDir
    Path dir;

    private final List<Upstream> upstreams = new ArrayList<>();

    @AfterEach
    void stopUpstreams() {
        upstreams.forEach(Upstream::close);
    }

    private void serveOn(int... ports) {
        for (int port : ports) {
            upstreams.add(Upstream.startOn(dir.resolve("upstream-" + port), port));
        }
    }

    private static Path example(String name) {
        return Fixtures.repositoryRoot().resolve("examples-manager").resolve(name);
    }

    record Run(int code, String out, String err) {
    }

    private Run exec(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "exec";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, String> env() {
        return Fixtures.env(dir.resolve("home"));
    }

    @Test
    void quickStartDeploysCallsAToolByNameAndReadsHealth() {
        serveOn(8001);
        Run run = exec(env(), example("seed/quick_start.py").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Response: {\"content\":"), run.out());
        assertTrue(run.out().contains("\"name\":\"web\""), run.out());
        assertTrue(run.out().contains("Healthy servers: 1/1"), run.out());
    }

    @Test
    void asyncExampleDeploysAndPingsFiveServersConcurrently() {
        serveOn(8000, 8001, 8002, 8003, 8004);
        Run run = exec(env(), example("seed/async_example.py").toString());
        assertEquals(0, run.code(), run.err());
        for (int i = 0; i < 5; i++) {
            assertTrue(run.out().contains("Server " + i + " response: {}"), run.out());
        }
    }

    @Test
    void errorHandlingExampleCatchesValueErrors() {
        Run run = exec(env(), example("seed/error_handling.py").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Config error: Invalid config for server 'bad-server'"), run.out());
        assertTrue(run.out().contains("Server not found: Server 'non-existent' not found"), run.out());
    }

    /** Its "deployment code" is the manager's config file (MXCP_MANAGER_CONFIG); it samples for 100 s. */
    @Test
    void monitoringExampleReportsHealthAndWritesPrometheusText() throws Exception {
        serveOn(8001);
        Path config = dir.resolve("servers.yml");
        Files.writeString(config, """
                servers:
                  docker-1:
                    name: docker-server
                    server_type: infrastructure
                    url: http://localhost:8001
                    health_check: {interval: 1}
                """);
        Map<String, String> env = env();
        env.put(GuestManager.CONFIG_ENV, config.toString());
        Path metrics = Path.of("metrics.prom").toAbsolutePath(); // the example writes it to the working folder
        try {
            Run run = exec(env, example("seed/monitoring.py").toString());
            assertEquals(0, run.code(), run.err());
            assertEquals(10, Pattern.compile("Health: [0-9.]+% \\(\\d/1\\)").matcher(run.out()).results().count(), run.out());
            assertTrue(run.out().contains("Health: 100.0% (1/1)"), run.out());
            assertTrue(Files.readString(metrics).contains("mcp_manager_server_health{"), Files.readString(metrics));
        } finally {
            Files.deleteIfExists(metrics);
        }
    }

    @Test
    void theSameFlowRunsFromJavaScript() {
        serveOn(8000, 8001, 8002, 8003, 8004);
        Run run = exec(env(), example("manager_flow.mjs").toString(), "8000");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Response: {\"content\":"), run.out());
        assertTrue(run.out().contains("Healthy servers: 1/1"), run.out());
        for (int i = 0; i < 5; i++) {
            assertTrue(run.out().contains("Server " + i + " response: {}"), run.out());
        }
        assertTrue(run.out().contains("Config error: Invalid config for server 'bad-server'"), run.out());
        assertTrue(run.out().contains("Server not found: Server 'non-existent' not found"), run.out());
        assertTrue(run.out().contains("server-4: Healthy (circuit Closed)"), run.out());
        assertTrue(run.out().contains("mcp_manager_requests_total{"), run.out());
    }

    @Test
    void aScriptGetsItsArgumentsAndItsExceptionIsOneLine() throws Exception {
        Path script = dir.resolve("fails.py");
        Files.writeString(script, """
                import sys
                print("args:", sys.argv[1:])
                raise RuntimeError("stop here")
                """);
        Run run = exec(env(), script.toString(), "one", "--two");
        assertEquals(1, run.code());
        assertEquals("args: ['one', '--two']\n", run.out());
        assertTrue(run.err().startsWith("Error: script fails.py: RuntimeError: stop here"), run.err());
        assertTrue(!run.err().contains("Traceback"), run.err());
    }
}

package dev.mxcp.host.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.endpoint.EndpointDef.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload of the whole configuration ({@link ProjectRuntime#reloadConfiguration}, what SIGHUP and the admin
 * socket's {@code /reload} do) on a real project: files read again, references resolved again, the database
 * reopened; no call lost under load; a broken configuration refused with one line while the old one serves.
 */
@Timeout(120)
class ConfigurationReloadTest {

    @TempDir
    Path dir;

    private Path project;
    private Map<String, String> env;
    private ProjectRuntime runtime;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger engineLog = Logger.getLogger("dev.mxcp.host.engine");

    @BeforeEach
    void setUp() {
        project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "tools/echo.yml", """
                mxcp: 1
                tool:
                  name: echo
                  parameters: [{name: n, type: integer, description: A number}]
                  return: {type: integer}
                  source: {code: SELECT $n AS n}
                """);
        Fixtures.write(project, "tools/headers.yml", """
                mxcp: 1
                tool:
                  name: headers
                  description: The api secret as DuckDB holds it
                  return: {type: string}
                  source: {code: "SELECT secret_string FROM duckdb_secrets() WHERE name = 'api'"}
                """);
        Fixtures.write(project, "tools/slow.yml", """
                mxcp: 1
                tool:
                  name: slow
                  return: {type: integer}
                  source: {code: SELECT count(*) AS n FROM range(150000000) t(i) WHERE hash(i) % 7 = 3}
                """);
        Fixtures.write(dir, "key.txt", "from-file-1\n");
        env = new HashMap<>(Fixtures.env(dir.resolve("home"), "MXCP_CONFIG", userConfig(8000).toString(),
                "API_TOKEN", "from-env-1"));
        runtime = ProjectRuntime.load(project, ProjectConfig.Overrides.NONE, env);
        engineLog.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        engineLog.removeHandler(capture);
        runtime.close();
    }

    private Path userConfig(int port) {
        return Fixtures.write(dir, "config.yml", """
                mxcp: 1
                transport:
                  http: {port: %d}
                projects:
                  demo:
                    profiles:
                      dev:
                        secrets:
                          - name: api
                            type: http
                            parameters:
                              http_proxy: "file://%s"
                              http_proxy_username: "${API_TOKEN}"
                """.formatted(port, dir.resolve("key.txt")));
    }

    private Object call(String tool, Map<String, ?> args) {
        return runtime.call(runtime.served().require(Kind.TOOL, tool).call(args, CallContext.of(CallerContext.NONE), true))
                .plain();
    }

    private void reload() throws Exception {
        runtime.reloadConfiguration("test").done().get(60, TimeUnit.SECONDS);
    }

    @Test
    void twoHundredFortyCallsOnFourThreadsAcrossTwoReloadsAllSucceed() throws Exception {
        int threads = 4;
        int perThread = 60;
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Object>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * 1000;
            results.add(pool.submit(() -> {
                List<Object> answers = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    answers.add(call("echo", Map.of("n", base + i)));
                    done.incrementAndGet();
                }
                return answers;
            }));
        }
        while (done.get() < 40) {
            Thread.sleep(1);
        }
        ProjectRuntime.Reload first = runtime.reloadConfiguration("test");
        // one after the other: a request while one is queued or running logs a line, which this test would count
        first.done().get(60, TimeUnit.SECONDS);
        while (done.get() < 120 && done.get() < threads * perThread) {
            Thread.sleep(1);
        }
        ProjectRuntime.Reload second = runtime.reloadConfiguration("test");
        second.done().get(60, TimeUnit.SECONDS);
        for (int t = 0; t < threads; t++) {
            List<Object> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expected.add((long) (t * 1000 + i));
            }
            assertThat(results.get(t).get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
        }
        pool.shutdown();
        assertThat(done.get()).isEqualTo(threads * perThread);
        ReloadStatus status = runtime.reloadStatus();
        assertThat(status.inProgress()).isFalse();
        assertThat(status.last()).isNotNull();
        assertThat(status.last().error()).isNull();
        assertThat(logged).isEmpty();
    }

    @Test
    void secretsFromFilesAndVariablesAreReadAgain() throws Exception {
        assertThat((String) call("headers", Map.of())).contains("from-file-1").contains("from-env-1");
        Fixtures.write(dir, "key.txt", "from-file-2\n");
        env.put("API_TOKEN", "from-env-2");
        assertThat((String) call("headers", Map.of())).as("nothing changes before the reload").contains("from-file-1");
        reload();
        assertThat((String) call("headers", Map.of())).contains("from-file-2").contains("from-env-2")
                .doesNotContain("from-file-1");
        assertThat(logged).isEmpty();
    }

    @Test
    void aBrokenConfigurationIsRefusedWithOneLineAndTheOldOneKeepsServing() throws Exception {
        Fixtures.write(project, ProjectConfig.SITE_FILE, "mxcp: 1\nproject: demo\nprofile: dev\nprofiles: [oops\n");
        assertThatThrownBy(this::reload).hasCauseInstanceOf(MxcpException.class)
                .cause().hasMessageStartingWith("Reload (test) refused, still serving the previous configuration: ")
                .hasMessageContaining("mxcp-site.yml");
        assertThat(call("echo", Map.of("n", 7))).isEqualTo(7L);
        assertThat(logged).hasSize(1);
        assertThat(logged.getFirst().getMessage()).startsWith("Reload (test) refused").doesNotContain("\n");
        assertThat(logged.getFirst().getThrown()).isNull();
        assertThat(runtime.reloadStatus().last().error()).contains("mxcp-site.yml");

        // a setting this runtime does not apply is refused as at start
        Fixtures.project(project);
        Path config = userConfig(8000);
        String valid = java.nio.file.Files.readString(config);
        Fixtures.write(dir, "config.yml", valid + "vault: {enabled: true, address: https://vault.example.com}\n");
        Fixtures.write(dir, "key.txt", "from-file-2\n");
        assertThatThrownBy(this::reload).hasMessageContaining("vault.enabled: not supported yet");
        assertThat((String) call("headers", Map.of())).contains("from-file-1");

        Fixtures.write(dir, "config.yml", valid);
        reload();
        assertThat(runtime.reloadStatus().last().error()).isNull();
        assertThat((String) call("headers", Map.of())).contains("from-file-2");
        // MXCP's reload counter: two refused, one applied
        var meters = runtime.telemetry().meters();
        assertThat(meters.get("mxcp.reloads_total").tag("status", "error").counter().count()).isEqualTo(2.0);
        assertThat(meters.get("mxcp.reloads_total").tag("status", "success").counter().count()).isEqualTo(1.0);
    }

    @Test
    void settingsFixedAtStartAreLoggedAsNeedingARestart() throws Exception {
        userConfig(9000);
        reload();
        assertThat(logged).singleElement().extracting(LogRecord::getMessage).asString()
                .contains("transport").contains("restart to apply");
        assertThat(runtime.config().user().transport().http().port()).isEqualTo(9000);
        // the site file's gateway section: its servers are deployed when serving starts
        java.nio.file.Path site = project.resolve("mxcp-site.yml");
        java.nio.file.Files.writeString(site, java.nio.file.Files.readString(site) + "gateway:\n  tags: [db]\n");
        reload();
        assertThat(logged.getLast().getMessage()).contains("gateway").contains("restart to apply");
    }

    @Test
    void aRequestWhileAReloadWaitsJoinsItWithOneLine() throws Exception {
        Future<Object> slow = Executors.newVirtualThreadPerTaskExecutor().submit(() -> call("slow", Map.of()));
        while (runtime.reloadStatus().activeCalls() == 0) {
            Thread.sleep(1);
        }
        ProjectRuntime.Reload first = runtime.reloadConfiguration("SIGHUP");
        ProjectRuntime.Reload second = runtime.reloadConfiguration("SIGHUP");
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(runtime.reloadStatus().inProgress()).isTrue();
        first.done().get(60, TimeUnit.SECONDS);
        assertThat((Long) slow.get(60, TimeUnit.SECONDS)).isPositive();
        assertThat(logged).singleElement().extracting(LogRecord::getMessage).asString()
                .isEqualTo("SIGHUP while a reload waits for calls to finish: it joins that reload");
    }

    @Test
    void aRuntimeOpenedFromALoadedConfigurationSaysItCannotReload() {
        try (ProjectRuntime opened = ProjectRuntime.open(ProjectConfig.load(project, ProjectConfig.Overrides.NONE, env))) {
            assertThatThrownBy(() -> opened.reloadConfiguration("test")).isInstanceOf(MxcpException.class)
                    .hasMessageContaining("cannot be read again");
        }
    }
}

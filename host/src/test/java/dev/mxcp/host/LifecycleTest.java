package dev.mxcp.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.transport.HttpOptions;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application may open and close many instances in one JVM: whatever an instance starts (threads, pools,
 * watchers, the database, guest contexts) must stop with its {@code close()}. Round after round of a full
 * instance (SQL, Python and JavaScript tools, served over HTTP, file watching on) must leave no thread and no
 * file handle behind.
 */
class LifecycleTest {

    private static final int ROUNDS = 10;
    /**
     * Threads that are not an instance's: the JVM's own, the common and virtual-thread carrier pools (which grow
     * and shrink with load), the Graal JIT's compiler threads (the shared engine is process-wide on purpose, see
     * polyglot.SharedEngine), and the application's web server's: Helidon 4.5.0 starts a java.util.Timer per
     * WebServer that stop() does not cancel (it ends only when the server is garbage collected).
     */
    private static final Pattern NOT_THE_INSTANCES = Pattern.compile(
            "Reference Handler|Finalizer|Signal Dispatcher|Common-Cleaner|Notification Thread|Attach Listener"
                    + "|ForkJoinPool.*|TruffleCompilerThread.*|JVMCI.*|surefire.*|process reaper.*"
                    + "|helidon-idle-connection-timer");

    @TempDir
    Path dir;

    @Test
    void closingAnInstanceLeavesNoThreadAndNoFileHandleBehind() throws Exception {
        Path project = project(dir.resolve("project"));
        // the audit log and the admin socket on: the writer thread, the segment file, the socket's threads and
        // connections must all go too
        Map<String, String> env = Fixtures.env(dir.resolve("home"), "MXCP_AUDIT_ENABLED", "true",
                "MXCP_ADMIN_ENABLED", "true", "MXCP_ADMIN_SOCKET", dir.resolve("admin.sock").toString());
        round(project, env); // the first round loads what stays loaded: native libraries, the shared Graal engine
        Map<String, Integer> threadsBefore = settledThreads(Map.of());
        long filesBefore = openFiles();

        for (int i = 0; i < ROUNDS; i++) {
            round(project, env);
        }

        assertThat(settledThreads(threadsBefore)).as("live threads after %d rounds", ROUNDS).isEqualTo(threadsBefore);
        assertThat(settledFiles(filesBefore)).as("open file descriptors after %d rounds", ROUNDS).isEqualTo(filesBefore);
    }

    /** One instance's life: built, served over HTTP, each tool called, closed. */
    private static void round(Path project, Map<String, String> env) throws Exception {
        HttpOptions polling = new HttpOptions(false, List.of(), List.of(), HttpOptions.DEFAULT_MAX_REQUEST_BYTES,
                Duration.ofSeconds(30)); // polling on: its timer thread must stop too
        try (Mxcp mxcp = Mxcp.builder().project(project).environment(env).watch(true).http(polling).build()) {
            WebServer app = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                    .routing(r -> mxcp.mount(r, "/mcp")).build().start();
            try (HttpClient http = HttpClient.newHttpClient()) {
                URI endpoint = URI.create("http://127.0.0.1:" + app.port() + "/mcp");
                HttpResponse<String> init = post(http, endpoint, null, """
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                         "capabilities":{},"clientInfo":{"name":"lifecycle","version":"1"}}}""");
                assertThat(init.statusCode()).isEqualTo(200);
                String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
                assertThat(post(http, endpoint, session, """
                        {"jsonrpc":"2.0","method":"notifications/initialized"}""").statusCode()).isEqualTo(202);
                // a progress token starts the SQL progress timer
                assertThat(post(http, endpoint, session, """
                        {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"sql_tool",
                         "arguments":{"n":2},"_meta":{"progressToken":"p"}}}""").body()).contains("\"doubled\":4");
            } finally {
                app.stop();
            }
            assertThat(mxcp.call("sql_tool", Map.of("n", 3))).isEqualTo(List.of(Map.of("doubled", 6L)));
            assertThat(mxcp.call("py_tool", Map.of("name", "Py"))).isEqualTo("Hello, Py");
            assertThat(mxcp.call("js_tool", Map.of("name", "Js"))).isEqualTo("Hi, Js");
            assertThat(dev.mxcp.host.admin.AdminSocketTest.request(Path.of(env.get("MXCP_ADMIN_SOCKET")), "GET", "/health")
                    .status()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> post(HttpClient http, URI endpoint, String session, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path project(Path root) {
        Fixtures.project(root);
        Fixtures.write(root, "tools/sql_tool.yml", """
                mxcp: 1
                tool:
                  name: sql_tool
                  parameters: [{name: n, type: integer, description: A number}]
                  return: {type: array, items: {type: object, properties: {doubled: {type: integer}}}}
                  source: {code: "SELECT $n * 2 AS doubled"}
                """);
        Fixtures.write(root, "tools/py_tool.yml", """
                mxcp: 1
                tool:
                  name: py_tool
                  language: python
                  parameters: [{name: name, type: string, description: Who}]
                  return: {type: string}
                  source: {file: ../python/greet.py}
                """);
        Fixtures.write(root, "python/greet.py", """
                from mxcp.runtime import db

                def py_tool(name):
                    return "Hello, " + db.execute("SELECT $n AS n", {"n": name})[0]["n"]
                """);
        Fixtures.write(root, "tools/js_tool.yml", """
                mxcp: 1
                tool:
                  name: js_tool
                  language: javascript
                  parameters: [{name: name, type: string, description: Who}]
                  return: {type: string}
                  source: {file: ../js/greet.mjs}
                """);
        Fixtures.write(root, "js/greet.mjs", """
                import { db } from "mxcp:runtime";
                export function js_tool({ name }) {
                  return "Hi, " + db.execute("SELECT $n AS n", { n: name })[0].n;
                }
                """);
        return root;
    }

    /**
     * The live platform threads by name (numbers masked, so a pool's fifth thread counts as its first), once
     * they equal {@code expected} or after 10 s: a closed executor's threads may take a moment to end.
     */
    private static Map<String, Integer> settledThreads(Map<String, Integer> expected) throws InterruptedException {
        Map<String, Integer> threads = threads();
        for (int i = 0; i < 100 && !threads.equals(expected); i++) {
            Thread.sleep(100);
            threads = threads();
        }
        return threads;
    }

    private static Map<String, Integer> threads() {
        Map<String, Integer> byName = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !NOT_THE_INSTANCES.matcher(thread.getName()).matches()) {
                byName.merge(thread.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
            }
        }
        return byName;
    }

    private static long settledFiles(long expected) throws InterruptedException {
        long files = openFiles();
        for (int i = 0; i < 100 && files != expected; i++) {
            Thread.sleep(100);
            files = openFiles();
        }
        return files;
    }

    /** The process's open file descriptors (Linux). */
    private static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

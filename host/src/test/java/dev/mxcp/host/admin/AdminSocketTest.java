package dev.mxcp.host.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.json.Json;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MXCP's admin API on a real Unix domain socket of a real project ({@code MXCP_ADMIN_ENABLED},
 * {@code MXCP_ADMIN_SOCKET}), driven by an HTTP/1.1 client over a {@link SocketChannel}: owner-only permissions,
 * each route's JSON, a reload through it, and the paths it cannot use.
 */
@Timeout(120)
public class AdminSocketTest {

    private static final String SECRET = "s3cr3t-value-never-shown";

    @TempDir
    Path dir;

    private Path project;
    private Path socket;
    private Map<String, String> env;
    private Mxcp mxcp;

    @BeforeEach
    void setUp() {
        project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "tools/echo.yml", """
                mxcp: 1
                tool:
                  name: echo
                  description: Echoes
                  parameters: [{name: n, type: integer, description: A number}]
                  return: {type: integer}
                  source: {code: SELECT $n AS n}
                """);
        Fixtures.write(project, "tools/off.yml", """
                mxcp: 1
                tool:
                  name: unused
                  enabled: false
                  source: {code: SELECT 1}
                """);
        Fixtures.write(project, "resources/note.yml", """
                mxcp: 1
                resource:
                  uri: note://text
                  description: A note
                  return: {type: string}
                  source: {code: "SELECT 'hi'"}
                """);
        Fixtures.write(project, "prompts/ask.yml", """
                mxcp: 1
                prompt:
                  name: ask
                  messages: [{role: user, prompt: Hello}]
                """);
        Fixtures.write(project, "tools/broken.yml", "mxcp: 1\ntool:\n  name: broken\n");
        Path config = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        secrets:
                          - {name: api, type: http, parameters: {bearer_token: "%s"}}
                """.formatted(SECRET));
        socket = dir.resolve("run/mxcp.sock");
        env = new HashMap<>(Fixtures.env(dir.resolve("home"), "MXCP_CONFIG", config.toString(),
                "MXCP_ADMIN_ENABLED", "true", "MXCP_ADMIN_SOCKET", socket.toString()));
        mxcp = Mxcp.builder().project(project).environment(env).build();
    }

    @AfterEach
    void tearDown() {
        mxcp.close();
    }

    /** One HTTP/1.1 exchange over the socket: status, headers (lower-case names) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() throws Exception {
            return Json.parse(body);
        }
    }

    public static Answer request(Path socket, String method, String target) throws Exception {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            String request = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test\r\n"
                    + (method.equals("POST") ? "Content-Length: 2\r\nContent-Type: application/json\r\n\r\n{}" : "\r\n");
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                received.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            String text = received.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String[] head = text.substring(0, split).split("\r\n");
            assertThat(head[0]).startsWith("HTTP/1.1 ");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).toLowerCase(Locale.ROOT), head[i].substring(colon + 1).strip());
            }
            String body = text.substring(split + 4);
            assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(Integer.parseInt(headers.get("content-length")));
            return new Answer(Integer.parseInt(head[0].split(" ")[1]), headers, body);
        }
    }

    private Answer get(String path) throws Exception {
        return request(socket, "GET", path);
    }

    @Test
    void theSocketIsOwnerOnly() throws Exception {
        assertThat(Files.getAttribute(socket, "unix:mode")).satisfies(mode -> assertThat(((Integer) mode) & 0170000)
                .as("a socket").isEqualTo(0140000));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(Files.list(socket.getParent()).map(p -> p.getFileName().toString())).containsExactly("mxcp.sock");
    }

    @Test
    void healthAndStatusAnswerInMxcpsShapes() throws Exception {
        Answer health = get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.headers().get("content-type")).isEqualTo("application/json");
        assertThat(health.json().get("status").asText()).isEqualTo("ok");
        assertThat(java.time.Instant.parse(health.json().get("timestamp").asText())).isBefore(java.time.Instant.now().plusSeconds(1));

        JsonNode status = get("/status").json();
        assertThat(fieldNames(status)).containsExactly("status", "version", "uptime", "uptime_seconds", "pid", "profile",
                "mode", "debug", "reload", "admin_socket");
        assertThat(status.get("status").asText()).isEqualTo("ok");
        assertThat(status.get("uptime").asText()).matches("\\d+h\\d+m\\d+s");
        assertThat(status.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(status.get("profile").asText()).isEqualTo("dev");
        assertThat(status.get("mode").asText()).isEqualTo("readwrite");
        assertThat(status.get("debug").isBoolean()).isTrue();
        assertThat(fieldNames(status.get("reload"))).containsExactly("in_progress", "draining", "active_requests",
                "last_reload", "last_reload_status", "last_reload_error");
        assertThat(status.at("/reload/in_progress").asBoolean()).isFalse();
        assertThat(status.at("/reload/last_reload").isNull()).isTrue();
        assertThat(status.at("/admin_socket/path").asText()).isEqualTo(socket.toString());
    }

    @Test
    void configShowsWhatIsConfiguredAndNoSecret() throws Exception {
        Answer answer = get("/config");
        JsonNode config = answer.json();
        assertThat(fieldNames(config)).containsExactly("status", "project", "profile", "repository_path", "duckdb_path",
                "readonly", "debug", "endpoints", "features", "transport");
        assertThat(config.get("project").asText()).isEqualTo("demo");
        assertThat(config.get("repository_path").asText()).isEqualTo(project.toAbsolutePath().normalize().toString());
        assertThat(config.get("duckdb_path").asText()).endsWith("data/db-dev.duckdb");
        assertThat(config.get("readonly").asBoolean()).isFalse();
        assertThat(config.get("endpoints").toString()).isEqualTo("{\"tools\":1,\"prompts\":1,\"resources\":1}");
        assertThat(config.get("features").toString())
                .isEqualTo("{\"sql_tools\":false,\"audit_logging\":false,\"telemetry\":false}");
        assertThat(config.get("transport").asText()).isEqualTo("streamable-http");
        assertThat(answer.body()).doesNotContain(SECRET);
    }

    @Test
    void endpointsListsEveryFileWithItsStatus() throws Exception {
        JsonNode endpoints = get("/endpoints").json().get("endpoints");
        Map<String, JsonNode> byPath = new HashMap<>();
        endpoints.forEach(e -> byPath.put(e.get("path").asText(), e));
        assertThat(byPath).containsOnlyKeys("tools/echo.yml", "tools/off.yml", "tools/broken.yml", "resources/note.yml",
                "prompts/ask.yml");
        assertThat(byPath.get("tools/echo.yml").toString()).isEqualTo("{\"path\":\"tools/echo.yml\",\"type\":\"tool\","
                + "\"name\":\"echo\",\"description\":\"Echoes\",\"language\":\"sql\",\"enabled\":true,\"status\":\"ok\","
                + "\"error\":null}");
        assertThat(byPath.get("tools/off.yml").get("status").asText()).isEqualTo("disabled");
        assertThat(byPath.get("resources/note.yml").get("name").asText()).isEqualTo("note://text");
        assertThat(byPath.get("prompts/ask.yml").get("language").isNull()).isTrue();
        JsonNode broken = byPath.get("tools/broken.yml");
        assertThat(broken.get("status").asText()).isEqualTo("error");
        assertThat(broken.get("type").isNull()).isTrue();
        assertThat(broken.get("error").asText()).contains("broken.yml").contains("source");
    }

    @Test
    void reloadQueuesAReloadThatStatusThenReports() throws Exception {
        Fixtures.write(project, "tools/echo.yml", """
                mxcp: 1
                tool:
                  name: echo
                  description: Echoes, reloaded
                  parameters: [{name: n, type: integer, description: A number}]
                  return: {type: integer}
                  source: {code: SELECT $n AS n}
                """);
        Answer answer = request(socket, "POST", "/reload");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode reload = answer.json();
        assertThat(reload.get("status").asText()).isEqualTo("reload_initiated");
        assertThat(reload.get("reload_request_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(reload.get("message").asText()).isEqualTo("Reload request queued. Use GET /status to check progress.");
        JsonNode status = get("/status").json();
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); status.at("/reload/last_reload").isNull()
                && System.nanoTime() < end; status = get("/status").json()) {
            Thread.sleep(20);
        }
        assertThat(status.at("/reload/last_reload_status").asText()).isEqualTo("success");
        assertThat(status.at("/reload/last_reload_error").isNull()).isTrue();
        assertThat(get("/endpoints").body()).contains("Echoes, reloaded");
        assertThat(mxcp.call("echo", Map.of("n", 3))).isEqualTo(3L);
    }

    @Test
    void aRuntimeThatCannotReadItsConfigurationAgainAnswersReloadWith500() throws Exception {
        mxcp.close();
        try (dev.mxcp.host.engine.ProjectRuntime opened = dev.mxcp.host.engine.ProjectRuntime.open(
                dev.mxcp.host.config.ProjectConfig.load(project, dev.mxcp.host.config.ProjectConfig.Overrides.NONE, env))) {
            mxcp = Mxcp.builder().runtime(opened).build();
            Answer answer = request(socket, "POST", "/reload");
            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.json().get("detail").asText()).startsWith("Reload failed: this project's configuration"
                    + " cannot be read again");
            mxcp.close();
        }
    }

    @Test
    void unknownRoutesAndMethodsGetFastApisAnswers() throws Exception {
        Answer missing = get("/system/cpu");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"detail\":\"Not Found\"}");
        Answer wrongMethod = get("/reload");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
        assertThat(request(socket, "POST", "/health").status()).isEqualTo(405);
        assertThat(get("/health?verbose=1").status()).isEqualTo(200);
    }

    @Test
    void curlTalksToItToo() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        Process curl = new ProcessBuilder("/usr/bin/curl", "-sS", "--unix-socket", socket.toString(),
                "http://localhost/health").redirectErrorStream(true).start();
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.exitValue()).as(out).isZero();
        assertThat(Json.parse(out).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void aPathWhereAnotherServerListensIsRefusedAndTheFirstKeepsServing() throws Exception {
        assertThatThrownBy(() -> Mxcp.builder().project(project).environment(env).build())
                .isInstanceOf(MxcpException.class)
                .hasMessage("MXCP_ADMIN_SOCKET: cannot open the admin socket at " + socket + ": another server is"
                        + " listening on it (stop that server or choose another path)");
        assertThat(get("/health").status()).isEqualTo(200);
    }

    @Test
    void aStaleSocketIsReplacedAndClosingRemovesTheSocket() throws Exception {
        mxcp.close();
        assertThat(socket).doesNotExist();
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists(); // a server that died leaves its socket behind
        mxcp = Mxcp.builder().project(project).environment(env).build();
        assertThat(get("/health").status()).isEqualTo(200);
    }

    @Test
    void aPathThatIsNotASocketOrInAFileIsRefusedAndLeftAlone() throws Exception {
        Path file = Fixtures.write(dir, "taken.txt", "mine");
        env.put("MXCP_ADMIN_SOCKET", file.toString());
        assertThatThrownBy(() -> Mxcp.builder().project(project).environment(env).build())
                .hasMessage("MXCP_ADMIN_SOCKET: cannot open the admin socket at " + file + ": it exists and is not a"
                        + " socket (remove it or choose another path)");
        assertThat(file).hasContent("mine");

        env.put("MXCP_ADMIN_SOCKET", file.resolve("mxcp.sock").toString());
        assertThatThrownBy(() -> Mxcp.builder().project(project).environment(env).build())
                .hasMessage("MXCP_ADMIN_SOCKET: cannot open the admin socket at " + file.resolve("mxcp.sock") + ": "
                        + file + " is not a folder");
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package dev.mxcp.host.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import dev.mxcp.host.manager.McpManagerException.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager against real MCP servers on 127.0.0.1: the project's own server, and sockets that misbehave. */
class McpManagerTest {

    @TempDir
    Path dir;

    McpManager manager;
    Upstream upstream;

    @BeforeEach
    void start() {
        manager = McpManager.create();
        manager.start();
        upstream = Upstream.start(dir.resolve("a"));
    }

    @AfterEach
    void stop() {
        manager.close();
        upstream.close();
    }

    /** A config for {@code url} with periodic checks off, plus {@code extra} keys (JSON members, may be empty). */
    static String config(String url, String extra) {
        return "{\"url\": \"" + url + "\", \"health_check\": {\"interval\": 0}" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    static JsonNode request(String json) {
        try {
            return Json.parse(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String text(JsonNode toolResult) {
        return toolResult.path("content").get(0).path("text").asText();
    }

    @Test
    void theSeedsRequestsReachTheServerAsMcpMethodsOrToolCallsByName() {
        manager.deployServer("a", """
                {"name": "upstream", "server_type": "sql", "url": "%s",
                 "auth": {"type": "api_key", "key": "secret"}, "priority": 10, "tags": ["test"]}""".formatted(upstream.url()));

        JsonNode tools = manager.execute("a", request("{\"method\": \"tools/list\"}"));
        assertThat(tools.path("tools").findValuesAsText("name")).contains("echo", "header", "fail");
        assertThat(text(manager.execute("a", request("{\"method\": \"echo\", \"params\": {\"text\": \"hi\"}}")))).isEqualTo("hi");
        JsonNode viaToolsCall = manager.execute("a",
                request("{\"method\": \"tools/call\", \"params\": {\"name\": \"echo\", \"arguments\": {\"text\": \"yo\"}}}"));
        assertThat(text(viaToolsCall)).isEqualTo("yo");
        assertThat(text(manager.execute("a", request("{\"method\": \"header\", \"params\": {\"name\": \"X-API-Key\"}}"))))
                .isEqualTo("secret");
        assertThat(manager.execute("a", "{\"method\": \"ping\"}")).isEqualTo("{}");

        assertThat(manager.listServers()).singleElement().satisfies(info -> {
            assertThat(info.id()).isEqualTo("a");
            assertThat(info.name()).isEqualTo("upstream");
            assertThat(info.serverType()).isEqualTo("sql");
            assertThat(info.priority()).isEqualTo(10);
            assertThat(info.tags()).containsExactly("test");
            assertThat(info.instances()).isEqualTo(1);
            assertThat(info.circuitState()).isEqualTo(CircuitState.CLOSED);
            assertThat(info.state()).isEqualTo(ServerState.HEALTHY);
        });
        assertThat(manager.getHealthStatus().totalServers()).isEqualTo(1);
        assertThat(manager.getHealthStatus().healthyServers()).isEqualTo(1);
    }

    @Test
    void aBearerTokenGoesOutAsTheAuthorizationHeader() {
        manager.deployServer("a", config(upstream.url(), "\"auth\": {\"type\": \"bearer\", \"token\": \"t0k\"}"));
        assertThat(text(manager.execute("a", request("{\"method\": \"header\", \"params\": {\"name\": \"Authorization\"}}"))))
                .isEqualTo("Bearer t0k");
    }

    @Test
    void aToolErrorAndAJsonRpcErrorAreDistinctAndNameTheServer() {
        manager.deployServer("a", config(upstream.url(), ""));
        assertThatThrownBy(() -> manager.execute("a", request("{\"method\": \"fail\"}")))
                .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOOL_ERROR))
                .hasMessageStartingWith("Server 'a': tool 'fail' failed: ").hasMessageContaining("boom");
        assertThatThrownBy(() -> manager.execute("a", request("{\"method\": \"nope\"}")))
                .isInstanceOfSatisfying(McpManagerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RPC_ERROR);
                    assertThat(e.rpcCode()).isEqualTo(-32602);
                })
                .hasMessage("Server 'a' answered tools/call with JSON-RPC error -32602: Invalid params: Unknown tool: nope");
        // the server answered both: neither counts against it
        assertThat(manager.getServerState("a")).isEqualTo(ServerState.HEALTHY);
    }

    @Test
    void badRequestsUnknownIdsAndDuplicatesAreInvalidArguments() {
        manager.deployServer("a", config(upstream.url(), ""));
        assertThatThrownBy(() -> manager.deployServer("a", config(upstream.url(), "")))
                .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DUPLICATE_SERVER))
                .hasMessage("Server 'a' is deployed already: undeploy it first, or choose another id");
        assertThatThrownBy(() -> manager.execute("non-existent", "{\"method\": \"test\"}"))
                .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind().invalidArgument()).isTrue())
                .hasMessage("Server 'non-existent' not found (deployed: a)");
        assertThatThrownBy(() -> manager.getServerState("b")).hasMessage("Server 'b' not found (deployed: a)");
        assertThatThrownBy(() -> manager.undeployServer("b")).hasMessage("Server 'b' not found (deployed: a)");
        assertThatThrownBy(() -> manager.scaleServer("a", 0)).hasMessage("Cannot scale server 'a' to 0 instances: give 1 to 1024");
        assertThatThrownBy(() -> manager.execute("a", "{\"method\": "))
                .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST))
                .hasMessageStartingWith("Request for server 'a' is not valid JSON: ");
        assertThatThrownBy(() -> manager.execute("a", "{\"params\": {}}"))
                .hasMessage("Request for server 'a' must be a JSON object with a string 'method'");
        assertThatThrownBy(() -> manager.execute("a", "{\"method\": \"initialize\"}"))
                .hasMessage("Request for server 'a' 'initialize' is the manager's own business, not a request to send");

        manager.undeployServer("a");
        assertThatThrownBy(() -> manager.execute("a", "{\"method\": \"ping\"}")).hasMessage("Server 'a' not found: no server is deployed");
        manager.deployServer("a", config(upstream.url(), "")); // the id is free again
        assertThat(manager.execute("a", "{\"method\": \"ping\"}")).isEqualTo("{}");
    }

    @Test
    void nothingWorksBeforeStart() {
        try (McpManager fresh = McpManager.create()) {
            assertThatThrownBy(() -> fresh.deployServer("a", config(upstream.url(), "")))
                    .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_STARTED))
                    .hasMessage("The MCP manager is not started: call start() first");
        }
    }

    @Test
    void aHangingServerTimesOutAGarbledFailingOrClosingOneIsUnavailable() throws Exception {
        try (Upstream.Raw hang = new Upstream.Raw(0, Upstream.Raw.Mode.HANG);
             Upstream.Raw garbage = new Upstream.Raw(0, Upstream.Raw.Mode.GARBAGE);
             Upstream.Raw closing = new Upstream.Raw(0, Upstream.Raw.Mode.CLOSE);
             Upstream.Raw trickle = new Upstream.Raw(0, Upstream.Raw.Mode.TRICKLE);
             Upstream.Raw failing = new Upstream.Raw(0, Upstream.Raw.Mode.FAIL)) {
            manager.deployServer("hang", config(hang.url(), "\"timeouts\": {\"request\": 0.5}"));
            manager.deployServer("trickle", config(trickle.url(), "\"timeouts\": {\"request\": 0.5}"));
            manager.deployServer("garbage", config(garbage.url(), ""));
            manager.deployServer("closing", config(closing.url(), ""));
            manager.deployServer("failing", config(failing.url(), ""));
            manager.deployServer("a", config(upstream.url(), ""));

            assertThatThrownBy(() -> manager.execute("hang", "{\"method\": \"ping\"}"))
                    .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                    .hasMessage("Server 'hang' timed out: no answer within 500 ms (" + hang.url() + "/mcp)");
            // bytes arriving all along do not stretch the timeout: the whole answer must come within it
            assertThatThrownBy(() -> manager.execute("trickle", "{\"method\": \"ping\"}"))
                    .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                    .hasMessage("Server 'trickle' timed out: no complete answer within 500 ms (" + trickle.url() + "/mcp)");
            assertThatThrownBy(() -> manager.execute("garbage", "{\"method\": \"ping\"}"))
                    .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                    .hasMessage("Server 'garbage' is unavailable: its answer is not a JSON-RPC response (HTTP 200) ("
                            + garbage.url() + "/mcp)");
            assertThatThrownBy(() -> manager.execute("failing", "{\"method\": \"ping\"}"))
                    .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                    .hasMessage("Server 'failing' is unavailable: HTTP 500 from the server (" + failing.url() + "/mcp)");
            assertThatThrownBy(() -> manager.execute("closing", "{\"method\": \"ping\"}"))
                    .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                    .hasMessageStartingWith("Server 'closing' is unavailable: connection failed: ")
                    .message().doesNotContain("Exception"); // the reason in words, not the client's class names
            // the others' failures leave a working server working
            assertThat(manager.execute("a", "{\"method\": \"ping\"}")).isEqualTo("{}");
        }
    }

    @Test
    void requestsAreBalancedOverThePoolAndScalingDropsNoRequestInFlight() {
        manager.deployServer("a", config(upstream.url(), "\"instances\": 2"));
        manager.scaleServer("a", 4);
        assertThat(manager.listServers().getFirst().instances()).isEqualTo(4);
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(manager.executeAsync("a", request("{\"method\": \"echo\", \"params\": {\"text\": \"n" + i + "\"}}")));
            if (i == 20) {
                manager.scaleServer("a", 1); // while calls are in flight
            }
        }
        IntStream.range(0, calls.size()).forEach(i -> assertThat(text(calls.get(i).join())).isEqualTo("n" + i));
        assertThat(manager.listServers().getFirst().instances()).isEqualTo(1);
    }

    @Test
    void undeployLetsARequestInFlightEndOnItsOwn() throws Exception {
        try (Upstream.Raw hang = new Upstream.Raw(0, Upstream.Raw.Mode.HANG)) {
            manager.deployServer("hang", config(hang.url(), "\"timeouts\": {\"request\": 1}"));
            CompletableFuture<String> inFlight = manager.executeAsync("hang", "{\"method\": \"ping\"}");
            Upstream.await(() -> hang.accepted.get() == 1, "the request to reach the server");
            manager.undeployServer("hang");
            assertThatThrownBy(() -> manager.execute("hang", "{\"method\": \"ping\"}")).hasMessageContaining("not found");
            // not cut off by the undeploy: it runs to its own timeout
            assertThat(inFlight).failsWithin(Duration.ofSeconds(60)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(McpManagerException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        }
    }

    @Test
    void asyncVariantsFailWithTheManagersOwnException() {
        CompletableFuture<Void> deploy = manager.deployServerAsync("bad-server", "{invalid json}");
        assertThat(deploy).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(McpManagerException.class).withMessageStartingWith(
                        "Invalid config for server 'bad-server': config is not valid JSON (");
        manager.deployServerAsync("a", config(upstream.url(), "")).join();
        assertThat(manager.executeAsync("a", "{\"method\": \"ping\"}").join()).isEqualTo("{}");
    }

    @Test
    void aLocalProjectRunsInProcessBehindTheSameBreakerHealthAndPool() {
        try (McpManager local = McpManager.builder().environment(dev.mxcp.host.Fixtures.env(dir.resolve("home"))).build()) {
            local.start();
            local.deployServer("p", "{\"project\": \"" + dir.resolve("a") + "\", \"instances\": 2, \"health_check\": {\"interval\": 0}}");
            assertThat(local.execute("p", request("{\"method\": \"tools/list\"}")).path("tools").findValuesAsText("name"))
                    .contains("echo", "fail");
            List<CompletableFuture<JsonNode>> calls = IntStream.range(0, 10).mapToObj(i -> local.executeAsync("p",
                    request("{\"method\": \"echo\", \"params\": {\"text\": \"n" + i + "\"}}"))).toList();
            IntStream.range(0, calls.size()).forEach(i -> assertThat(text(calls.get(i).join())).isEqualTo("n" + i));
            assertThatThrownBy(() -> local.execute("p", "{\"method\": \"fail\"}"))
                    .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOOL_ERROR));
            assertThat(local.execute("p", "{\"method\": \"ping\"}")).isEqualTo("{}");
            assertThat(local.listServers().getFirst().instances()).isEqualTo(2);
            assertThat(local.getServerState("p")).isEqualTo(ServerState.HEALTHY);

            local.deployServer("slow", "{\"project\": \"" + dir.resolve("a") + "\", \"timeouts\": {\"request\": 0.5}, "
                    + "\"health_check\": {\"interval\": 0}}");
            assertThatThrownBy(() -> local.execute("slow", "{\"method\": \"slow\", \"params\": {\"rows\": 1000000000000}}"))
                    .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                    .hasMessage("Server 'slow' timed out: no answer within 500 ms (project " + dir.resolve("a") + ")");
            assertThat(local.execute("slow", "{\"method\": \"ping\"}")).isEqualTo("{}"); // the call was cancelled, not stuck

            Fixtures.write(dir.resolve("broken"), "mxcp-site.yml", "mxcp: 1\nproject: [\n");
            assertThatThrownBy(() -> local.deployServer("q", "{\"project\": \"" + dir.resolve("broken") + "\"}"))
                    .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG))
                    .hasMessageStartingWith("Invalid config for server 'q': project " + dir.resolve("broken") + " does not load: ")
                    .message().doesNotContain("\n");
        }
    }

    @Test
    void aStdioServerRunsAsAChildProcessOnlyWhenAllowedAndStartsAgainAfterItDies() {
        // the project's own server, run as `mxcp serve --transport stdio` would run it
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String config = Json.write(Map.of(
                "command", launcher,
                "args", List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                        "dev.mxcp.host.cli.Main", "serve", "--transport", "stdio", "--project", dir.resolve("a").toString()),
                "env", Map.of("HOME", dir.resolve("home").toString()),
                "timeouts", Map.of("request", 120),
                "health_check", Map.of("interval", 0)));
        assertThatThrownBy(() -> manager.deployServer("s", config))
                .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG))
                .hasMessage("Invalid config for server 's': 'command' runs a child process, which this manager does not"
                        + " allow (build it with allowProcesses(true) to run stdio servers)");

        List<ProcessHandle> before = ProcessHandle.current().children().toList();
        try (McpManager processes = McpManager.builder().allowProcesses(true).build()) {
            processes.start();
            processes.deployServer("s", config);
            assertThat(processes.execute("s", request("{\"method\": \"tools/list\"}")).path("tools").findValuesAsText("name"))
                    .contains("echo", "fail");
            assertThat(text(processes.execute("s", request("{\"method\": \"echo\", \"params\": {\"text\": \"hi\"}}"))))
                    .isEqualTo("hi");
            assertThatThrownBy(() -> processes.execute("s", "{\"method\": \"fail\"}"))
                    .isInstanceOfSatisfying(McpManagerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOOL_ERROR));

            List<ProcessHandle> children = newChildren(before);
            assertThat(children).hasSize(1);
            children.forEach(ProcessHandle::destroyForcibly);
            Upstream.await(() -> children.stream().noneMatch(ProcessHandle::isAlive), "the child to die");
            // the next request starts it again
            assertThat(text(processes.execute("s", request("{\"method\": \"echo\", \"params\": {\"text\": \"again\"}}"))))
                    .isEqualTo("again");
            assertThat(newChildren(before)).hasSize(1).doesNotContainAnyElementsOf(children);
        }
        Upstream.await(() -> newChildren(before).isEmpty(), "the child to end with the manager");
    }

    /** This JVM's live child processes that were not there {@code before}. */
    private static List<ProcessHandle> newChildren(List<ProcessHandle> before) {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).filter(p -> !before.contains(p)).toList();
    }

    @Test
    void aRestartedServerIsReachedThroughNewSessionsWithoutAFailure() {
        manager.deployServer("a", config(upstream.url(), ""));
        assertThat(text(manager.execute("a", request("{\"method\": \"echo\", \"params\": {\"text\": \"1\"}}")))).isEqualTo("1");
        upstream.stop();
        upstream.restart(); // it forgot the session: 404, then a new initialize, then the request again
        assertThat(text(manager.execute("a", request("{\"method\": \"echo\", \"params\": {\"text\": \"2\"}}")))).isEqualTo("2");
    }

    @Test
    void aStreamClosedBeforeItsAnswerIsResumedWithLastEventId() {
        try (Upstream polling = Upstream.startPolling(dir.resolve("polling"), Duration.ofMillis(1))) {
            manager.deployServer("p", config(polling.url(), ""));
            JsonNode counted = manager.execute("p", request("{\"method\": \"slow\", \"params\": {\"rows\": 2000000}}"));
            assertThat(counted.path("isError").asBoolean()).isFalse();
            assertThat(counted.at("/structuredContent/result").asLong()).isPositive();
        }
    }
}

package dev.mxcp.host.transport;

import static dev.mxcp.host.transport.TestProject.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.audit.AuditFiles;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import io.helidon.webserver.WebServer;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP Manager's gateway in {@code mxcp serve}: a project whose site file lists other MCP servers (real ones on
 * 127.0.0.1, the project's own server on fixture projects) serves their tools, resources and prompts beside its
 * own, namespaced, through the manager, audited like its own calls.
 */
class GatewayTest {

    @TempDir
    Path dir;

    TestProject.Server first;
    TestProject.Server second;
    TestProject.Server gateway;
    McpClient client;

    @AfterEach
    void stop() {
        for (AutoCloseable open : new AutoCloseable[] {client, gateway, second, first}) {
            if (open != null) {
                try {
                    open.close();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Two upstreams (the second's note says so), and the gateway project over them and a third with another tag. */
    private void serveGatewayOverTwoUpstreams() {
        first = TestProject.serve(TestProject.write(dir.resolve("first")));
        Path secondProject = TestProject.write(dir.resolve("second"));
        Fixtures.write(secondProject, "resources/text.yml", """
                mxcp: 1
                resource:
                  uri: note://text
                  description: The second server's note
                  mime_type: text/plain
                  return: {type: string}
                  source:
                    code: SELECT 'second text' AS t
                """);
        second = TestProject.serve(secondProject);
        Path project = gatewayProject(dir.resolve("gw"), """
                gateway:
                  tags: [team]
                  servers:
                    a: {url: "%s", tags: [team], priority: 1, health_check: {interval: 0}}
                    b: {url: "%s", tags: [team, prod], priority: 5}
                    c: {url: "%s", tags: [other]}
                  policies:
                    b__greet:
                      input:
                        - {condition: "name == 'Mallory'", action: deny, reason: Mallory may not be greeted}
                """.formatted(first.endpoint(), second.endpoint(), second.endpoint()));
        gateway = TestProject.serve(project);
        client = gateway.client();
        client.initialize();
        // serve waits for the lists a while; on a busy machine they may come later, with list_changed
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!names("tools/list", "tools").containsAll(List.of("a__echo", "b__echo"))) {
            assertThat(System.nanoTime()).as("both servers' tools listed within a minute").isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static Path gatewayProject(Path dir, String gatewaySection) {
        Fixtures.project(dir);
        Fixtures.write(dir, ProjectConfig.SITE_FILE, """
                mxcp: 1
                project: gw
                profile: dev
                profiles:
                  dev:
                    duckdb: {path: ":memory:"}
                    audit: {enabled: true, path: audit.jsonl}
                """ + gatewaySection);
        Fixtures.write(dir, "tools/own.yml", """
                mxcp: 1
                tool:
                  name: own
                  description: The gateway project's own tool
                  return: {type: string}
                  source: {code: "SELECT 'mine' AS v"}
                """);
        Fixtures.write(dir, "tools/taken.yml", """
                mxcp: 1
                tool:
                  name: a__greet
                  description: The project's own tool, named like one of server a's
                  return: {type: string}
                  source: {code: "SELECT 'own greet' AS v"}
                """);
        return dir;
    }

    private List<String> names(String method, String field) {
        return client.result(method, java.util.Map.of()).path(field).findValuesAsText("name");
    }

    @Test
    void servesTheTaggedServersToolsResourcesAndPromptsNamespacedBesideItsOwn() {
        serveGatewayOverTwoUpstreams();

        List<String> tools = names("tools/list", "tools");
        assertThat(tools).contains("own", "a__echo", "a__greet", "a__fail", "b__echo", "b__greet", "b__fail")
                .noneMatch(name -> name.startsWith("c__"))
                .containsOnlyOnce("a__greet");
        JsonNode echo = client.result("tools/list", java.util.Map.of()).path("tools").findParents("name").stream()
                .filter(t -> t.path("name").asText().equals("a__echo")).findFirst().orElseThrow();
        assertThat(echo.path("description").asText()).isEqualTo("Echoes its arguments");
        assertThat(echo.at("/inputSchema/properties/text/minLength").asInt()).isEqualTo(1);
        assertThat(echo.at("/annotations/readOnlyHint").asBoolean()).isTrue();
        assertThat(names("prompts/list", "prompts")).contains("a__ask", "b__ask", "a__show", "b__show");
        JsonNode resources = client.result("resources/list", java.util.Map.of()).path("resources");
        assertThat(resources.findValuesAsText("uri")).containsOnlyOnce("note://text");
    }

    @Test
    void callsReachEachServerAndTheProjectsOwnEndpointsWinTheirNames() {
        serveGatewayOverTwoUpstreams();

        JsonNode echoed = client.result("tools/call", args("name", "a__echo", "arguments", args("text", "hi")));
        assertThat(echoed.at("/structuredContent/text").asText()).isEqualTo("hi");
        assertThat(echoed.at("/structuredContent/count").asInt()).isEqualTo(1);
        JsonNode greeted = client.result("tools/call", args("name", "b__greet", "arguments", args("name", "Ada")));
        assertThat(greeted.at("/content/0/text").asText()).isEqualTo("Hello, Ada!");
        assertThat(client.result("tools/call", args("name", "a__greet", "arguments", args()))
                .at("/content/0/text").asText()).isEqualTo("own greet");

        // the site file's policies apply to an upstream's endpoint as to the project's own
        JsonNode denied = client.result("tools/call", args("name", "b__greet", "arguments", args("name", "Mallory")));
        assertThat(denied.path("isError").asBoolean()).isTrue();
        assertThat(denied.at("/content/0/text").asText()).isEqualTo("Policy enforcement failed: Mallory may not be greeted");

        JsonNode failed = client.result("tools/call", args("name", "b__fail", "arguments", args()));
        assertThat(failed.path("isError").asBoolean()).isTrue();
        assertThat(failed.at("/content/0/text").asText()).contains("boom");

        // the higher priority (b) serves the URI both servers have
        assertThat(client.result("resources/read", args("uri", "note://text")).at("/contents/0/text").asText())
                .isEqualTo("second text");
        JsonNode prompt = client.result("prompts/get", args("name", "a__ask", "arguments", args("topic", "sql")));
        assertThat(prompt.at("/messages/0/content/text").asText()).isEqualTo("Tell me about sql.");
        JsonNode shown = client.result("prompts/get", args("name", "b__show", "arguments", args("doc", "note://x")));
        assertThat(shown.at("/messages/0/content/type").asText()).isEqualTo("image");
        assertThat(shown.at("/messages/1/content/resource/uri").asText()).isEqualTo("note://x");

        // an argument the upstream refuses comes back as the upstream's tool error
        JsonNode refused = client.result("tools/call", args("name", "a__echo", "arguments", args("text", "")));
        assertThat(refused.path("isError").asBoolean()).isTrue();
        assertThat(refused.at("/content/0/text").asText()).contains("at least 1 characters");
    }

    @Test
    void gatewayCallsAreAuditedAndTheManagersMetersAreAtMetrics() throws Exception {
        serveGatewayOverTwoUpstreams();
        client.result("tools/call", args("name", "a__echo", "arguments", args("text", "audited")));

        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                gateway.endpoint().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("mcp_manager_requests_total{").contains("server=\"a\"")
                .contains("server=\"b\"");

        client.close();
        client = null;
        gateway.close();
        gateway = null;
        assertThat(AuditFiles.query(dir.resolve("gw/audit.jsonl"), AuditFiles.Filter.ALL))
                .filteredOn(r -> "a__echo".equals(r.get("operation_name"))).singleElement()
                .satisfies(r -> assertThat(r.get("operation_status")).isEqualTo("success"));
    }

    @Test
    void aServerThatComesUpLaterIsServedAndSessionsHearListChanged() throws Exception {
        int port;
        try (ServerSocket reserved = new ServerSocket(0)) {
            port = reserved.getLocalPort();
        }
        Path project = gatewayProject(dir.resolve("gw"), """
                gateway:
                  servers:
                    late: {url: "http://127.0.0.1:%d"}
                """.formatted(port));
        gateway = TestProject.serve(project);
        client = gateway.client();
        client.initialize();
        assertThat(names("tools/list", "tools")).contains("own").noneMatch(name -> name.startsWith("late__"));
        BlockingQueue<String> lines = openGetStream();

        Path upstream = TestProject.write(dir.resolve("late"));
        Mxcp late = Mxcp.builder().project(upstream).environment(Fixtures.env(upstream.resolve("../home"))).build();
        first = new TestProject.Server(late, WebServer.builder().host("127.0.0.1").port(port).shutdownHook(false)
                .routing(r -> late.mount(r, "/mcp")).build().start());

        assertThat(nextData(lines)).contains("notifications/tools/list_changed");
        assertThat(names("tools/list", "tools")).contains("own", "late__echo");
        assertThat(client.result("tools/call", args("name", "late__greet", "arguments", args("name", "Bo")))
                .at("/content/0/text").asText()).isEqualTo("Hello, Bo!");
    }

    private BlockingQueue<String> openGetStream() throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(gateway.endpoint()).GET()
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", client.sessionId()).build();
        HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAcceptAsync(r -> r.body().forEach(lines::add));
        assertThat(lines.poll(10, TimeUnit.SECONDS)).startsWith(": stream open");
        return lines;
    }

    /** The next data line, waiting up to a minute (the gateway tries an unreachable server again with a backoff). */
    private static String nextData(BlockingQueue<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("data: ")) {
                return line;
            }
        }
        throw new AssertionError("no event within 60 s");
    }


    @Test
    void aBadGatewaySectionStopsTheStartWithOneLineNamingIt() {
        Path unknownKey = gatewayProject(dir.resolve("unknown"), """
                gateway:
                  servers:
                    a: {url: "http://127.0.0.1:1"}
                  retries: 3
                """);
        assertThatThrownBy(() -> TestProject.serve(unknownKey)).satisfies(e -> assertThat(e.getMessage())
                .contains("retries").doesNotContain("\n"));

        Path badServer = gatewayProject(dir.resolve("bad"), """
                gateway:
                  servers:
                    a: {url: "http://127.0.0.1:1", colour: blue}
                """);
        assertThatThrownBy(() -> TestProject.serve(badServer)).isInstanceOf(MxcpException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("mxcp-site.yml: gateway server 'a': ")
                        .contains("colour").doesNotContain("\n"));

        Path strayPolicy = gatewayProject(dir.resolve("stray"), """
                gateway:
                  servers:
                    a: {url: "http://127.0.0.1:1"}
                  policies:
                    b: {input: [{condition: "true", action: deny}]}
                """);
        assertThatThrownBy(() -> TestProject.serve(strayPolicy)).isInstanceOf(MxcpException.class)
                .hasMessageContaining("gateway.policies.b names no gateway server");
    }
}

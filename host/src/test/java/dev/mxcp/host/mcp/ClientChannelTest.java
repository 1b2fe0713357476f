package dev.mxcp.host.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.guest.ClientChannel;
import dev.mxcp.guest.ClientRequestException;
import dev.mxcp.guest.Content;
import dev.mxcp.guest.Elicitation;
import dev.mxcp.guest.Sampling;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel endpoint code gets during an MCP request, driven as a guest would drive it (a Java-side
 * stand-in until the Python and JS runtimes call it): what goes on the request's stream, and how answers to
 * server-to-client requests come back through {@link McpServer#handle}.
 */
class ClientChannelTest {

    @TempDir
    Path dir;

    ProjectRuntime runtime;
    McpServer server;
    Session session;
    final LinkedBlockingQueue<JsonNode> sent = new LinkedBlockingQueue<>();

    @BeforeEach
    void open() {
        Fixtures.project(dir);
        runtime = ProjectRuntime.open(ProjectConfig.load(dir, ProjectConfig.Overrides.NONE, Fixtures.env(dir.resolve("home"))));
        server = McpServer.create(runtime, McpOptions.of("t", "1"), List.of());
        session = server.openSession();
    }

    @AfterEach
    void close() {
        server.close();
        runtime.close();
    }

    private void initialize(Map<String, Object> capabilities) {
        ObjectNode params = (ObjectNode) Json.toTree(Map.of("protocolVersion", "2025-11-25", "capabilities", capabilities,
                "clientInfo", Map.of("name", "t", "version", "1")));
        server.handle(session, new JsonRpc.Request(Json.toTree(1), "initialize", params), stream());
        sent.clear();
    }

    private RequestChannel channel(Object progressToken) {
        return new RequestChannel(session, stream(), progressToken == null ? null : Json.toTree(progressToken),
                Duration.ofSeconds(10), new dev.mxcp.host.base.CallerContext(null, Map.of()), null);
    }

    private ResponseStream stream() {
        return new ResponseStream() {
            @Override
            public boolean send(byte[] frame) {
                sent.add(parse(frame));
                return true;
            }

            @Override
            public void respond(byte[] response) {
                sent.add(parse(response));
            }

            @Override
            public void abandon() {
            }
        };
    }

    private static JsonNode parse(byte[] frame) {
        try {
            return Json.MAPPER.readTree(frame);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void answer(JsonNode request, Object result) {
        server.handle(session, new JsonRpc.Response(request.get("id"), Json.toTree(result), null), null);
    }

    @Test
    void logsAtOrAboveTheSessionLevelBecomeMessageNotifications() {
        initialize(Map.of());
        RequestChannel channel = channel(null);
        channel.log(ClientChannel.Level.DEBUG, "hidden at the default level info");
        channel.log(ClientChannel.Level.WARNING, "shown");
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.get("method").asText()).isEqualTo("notifications/message");
            assertThat(n.at("/params/level").asText()).isEqualTo("warning");
            assertThat(n.at("/params/data").asText()).isEqualTo("shown");
        });
    }

    @Test
    void progressIsSentOnlyWithATokenOnlyIncreasingAndNeverAfterTheResponse() {
        initialize(Map.of());
        RequestChannel channel = channel("tok-1");
        channel.progress(0, 100.0, "start");
        channel.progress(50, 100.0, null);
        channel.progress(50, 100.0, "not an increase");
        channel.finish();
        channel.progress(100, 100.0, "too late");
        assertThat(sent).extracting(n -> n.at("/params/progress").asDouble()).containsExactly(0.0, 50.0);
        assertThat(sent.peek().at("/params/progressToken").asText()).isEqualTo("tok-1");
        assertThat(sent.peek().at("/params/message").asText()).isEqualTo("start");
    }

    @Test
    void sampleSendsCreateMessageAndWaitsForTheClientsAnswer() throws Exception {
        initialize(Map.of("sampling", Map.of()));
        RequestChannel channel = channel(null);
        CompletableFuture<Sampling.Result> result = CompletableFuture.supplyAsync(() -> channel.sample(
                new Sampling.Request(List.of(Sampling.Message.user("What is 2+2?")), 100, "Be brief", null, null)));
        JsonNode request = sent.poll(5, TimeUnit.SECONDS);
        assertThat(request.get("method").asText()).isEqualTo("sampling/createMessage");
        assertThat(request.at("/params/messages/0/content/text").asText()).isEqualTo("What is 2+2?");
        assertThat(request.at("/params/maxTokens").asInt()).isEqualTo(100);
        assertThat(request.at("/params/systemPrompt").asText()).isEqualTo("Be brief");
        answer(request, Map.of("role", "assistant", "content", Map.of("type", "text", "text", "4"), "model", "m",
                "stopReason", "endTurn"));
        Sampling.Result answer = result.get(5, TimeUnit.SECONDS);
        assertThat(answer.content()).isEqualTo(Content.text("4"));
        assertThat(answer.model()).isEqualTo("m");
    }

    @Test
    void elicitSendsTheFormAndReturnsTheUsersAction() throws Exception {
        initialize(Map.of("elicitation", Map.of()));
        RequestChannel channel = channel(null);
        Map<String, Object> schema = Map.of("type", "object", "properties",
                Map.of("age", Map.of("type", "integer", "default", 30)));
        CompletableFuture<Elicitation.Result> result = CompletableFuture.supplyAsync(() ->
                channel.elicit(new Elicitation.Request("How old?", schema)));
        JsonNode request = sent.poll(5, TimeUnit.SECONDS);
        assertThat(request.get("method").asText()).isEqualTo("elicitation/create");
        assertThat(request.at("/params/requestedSchema/properties/age/default").asInt()).isEqualTo(30);
        answer(request, Map.of("action", "accept", "content", Map.of("age", 41)));
        Elicitation.Result answer = result.get(5, TimeUnit.SECONDS);
        assertThat(answer.action()).isEqualTo(Elicitation.Action.ACCEPT);
        assertThat(answer.content()).containsEntry("age", 41);
    }

    @Test
    void aClientWithoutTheCapabilityIsNotAsked() {
        initialize(Map.of());
        assertThatThrownBy(() -> channel(null).sample(Sampling.Request.of("hi", 10)))
                .isInstanceOf(ClientRequestException.class).hasMessageContaining("sampling");
        assertThat(sent).isEmpty();
    }

    @Test
    void cancellingTheCallEndsTheWaitForAnAnswer() throws Exception {
        initialize(Map.of("elicitation", Map.of()));
        RequestChannel channel = channel(null);
        CompletableFuture<Elicitation.Result> result = CompletableFuture.supplyAsync(() ->
                channel.elicit(new Elicitation.Request("Name?", Map.of("type", "object", "properties", Map.of()))));
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isNotNull();
        channel.cancellation().cancel("user cancelled");
        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ClientRequestException.class)
                .hasMessageContaining("cancelled");
    }

    @Test
    void aClientErrorAnswerBecomesAClientRequestException() throws Exception {
        initialize(Map.of("sampling", Map.of()));
        RequestChannel channel = channel(null);
        CompletableFuture<Sampling.Result> result = CompletableFuture.supplyAsync(() ->
                channel.sample(Sampling.Request.of("hi", 10)));
        JsonNode request = sent.poll(5, TimeUnit.SECONDS);
        server.handle(session, new JsonRpc.Response(request.get("id"), null,
                Json.toTree(Map.of("code", -1, "message", "User rejected sampling"))), null);
        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ClientRequestException.class)
                .hasMessageContaining("User rejected sampling");
    }
}

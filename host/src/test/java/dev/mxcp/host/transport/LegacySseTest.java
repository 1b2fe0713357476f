package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.config.ServerSettings;
import dev.mxcp.host.json.Json;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The old HTTP+SSE transport ({@code --transport sse}) with a real HTTP client: GET /sse, POST /messages/. */
class LegacySseTest {

    @TempDir
    Path dir;

    Mxcp mxcp;
    WebServer web;
    URI base;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        Path project = TestProject.write(dir.resolve("project"));
        mxcp = Mxcp.builder().project(project).environment(Fixtures.env(dir.resolve("home")))
                .settings(new ServerSettings.Overrides(ServerSettings.SSE, null, null, null, null, null, null, null,
                        Duration.ofSeconds(1), null, null, false, null))
                .build();
        web = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> mxcp.mount(r, "")).build().start();
        base = URI.create("http://127.0.0.1:" + web.port());
    }

    @AfterEach
    void stop() {
        web.stop();
        mxcp.close();
    }

    /** An open event stream: its events as "type: data", in order. */
    record Events(BlockingQueue<String> queue, CompletableFuture<HttpResponse<Stream<String>>> response) {
        String next() throws InterruptedException {
            String event = queue.poll(30, TimeUnit.SECONDS);
            assertThat(event).as("an event within 30 s").isNotNull();
            return event;
        }

        JsonNode nextMessage() throws Exception {
            String event = next();
            assertThat(event).startsWith("message: ");
            return Json.parse(event.substring("message: ".length()));
        }
    }

    private Events open() {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                HttpRequest.newBuilder(base.resolve("/sse")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> Thread.ofVirtual().start(() -> {
            String type = "message";
            for (var it = r.body().iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ") && !line.equals("data: ")) {
                    queue.add(type + ": " + line.substring(6));
                    type = "message";
                }
            }
        }));
        return new Events(queue, response);
    }

    private int post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aClientInitializesAndCallsAToolWithAnswersOnTheStream() throws Exception {
        Events events = open();
        String endpoint = events.next();
        assertThat(endpoint).matches("endpoint: /messages/\\?session_id=\\S+");
        String messages = endpoint.substring("endpoint: ".length());

        assertThat(post(messages, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05",
                 "capabilities":{},"clientInfo":{"name":"old-client","version":"1"}}}""")).isEqualTo(202);
        JsonNode init = events.nextMessage();
        assertThat(init.get("id").asInt()).isEqualTo(1);
        assertThat(init.at("/result/protocolVersion").asText()).isEqualTo("2024-11-05");
        assertThat(post(messages, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).isEqualTo(202);

        assertThat(post(messages, """
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"greet","arguments":{"name":"sse"}}}""")).isEqualTo(202);
        JsonNode call = events.nextMessage();
        assertThat(call.get("id").asInt()).isEqualTo(2);
        assertThat(call.at("/result/content/0/text").asText()).isEqualTo("Hello, sse!");
    }

    @Test
    void unknownSessionsOriginsAndClosedStreamsAreRefused() throws Exception {
        assertThat(post("/messages/?session_id=nope", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).isEqualTo(404);
        assertThat(post("/messages/", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).isEqualTo(400);
        HttpResponse<String> evil = http.send(HttpRequest.newBuilder(base.resolve("/sse"))
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(evil.statusCode()).isEqualTo(403);

        Events events = open();
        String messages = events.next().substring("endpoint: ".length());
        assertThat(post(messages, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).isEqualTo(202);
        events.response().get().body().close(); // the client goes away: its session ends with its stream
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int status = 202;
        while (status != 404 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = post(messages, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }
        assertThat(status).as("the session ends with its stream").isEqualTo(404);
    }
}

package dev.mxcp.host.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small MCP client for tests, over Streamable HTTP or stdio, so protocol tests read like the spec:
 * {@code client.initialize(); client.result("tools/list", Map.of())}. It collects the notifications it
 * receives and answers the server's requests with the handlers it was given.
 */
final class McpClient implements AutoCloseable {

    /** One HTTP exchange as it happened on the wire. */
    record Exchange(int status, Map<String, List<String>> headers, String body, List<JsonNode> messages) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final Transport transport;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Function<JsonNode, Object>> handlers = new ConcurrentHashMap<>();
    final List<JsonNode> notifications = Collections.synchronizedList(new ArrayList<>());
    Map<String, Object> capabilities = Map.of();
    String protocolVersion = "2025-11-25";
    /** The Authorization header sent with every HTTP request, or null. */
    String authorization;
    /** The W3C traceparent header sent with every HTTP request, or null. */
    String traceparent;

    private McpClient(Transport transport) {
        this.transport = transport;
    }

    static McpClient http(URI endpoint) {
        return new McpClient(new Http(endpoint));
    }

    /** A client over the given streams of a server: {@code toServer} is its stdin, {@code fromServer} its stdout. */
    static McpClient stdio(OutputStream toServer, java.io.InputStream fromServer) {
        Stdio transport = new Stdio(toServer);
        McpClient client = new McpClient(transport);
        transport.start(client, fromServer);
        return client;
    }

    McpClient withCapabilities(Map<String, Object> capabilities) {
        this.capabilities = capabilities;
        return this;
    }

    /** Answers the server's requests of {@code method} with {@code handler}'s result. */
    McpClient onRequest(String method, Function<JsonNode, Object> handler) {
        handlers.put(method, handler);
        return this;
    }

    /** initialize + notifications/initialized; returns the initialize result. */
    JsonNode initialize() {
        JsonNode result = result("initialize", Map.of("protocolVersion", protocolVersion, "capabilities", capabilities,
                "clientInfo", Map.of("name", "mxcp-test-client", "version", "1")));
        protocolVersion = result.get("protocolVersion").asText();
        notify("notifications/initialized", Map.of());
        return result;
    }

    /** Sends a request and returns the whole response message. */
    JsonNode request(String method, Object params) {
        return transport.request(this, message(ids.incrementAndGet(), method, params));
    }

    /** Sends a request with the given id (to cancel it later) and returns the whole response message. */
    JsonNode request(long id, String method, Object params) {
        return transport.request(this, message(id, method, params));
    }

    /** The result of a request that must succeed. */
    JsonNode result(String method, Object params) {
        JsonNode response = request(method, params);
        if (response.has("error")) {
            throw new AssertionError(method + " failed: " + response.get("error"));
        }
        return response.get("result");
    }

    /** The error of a request that must fail. */
    JsonNode error(String method, Object params) {
        JsonNode response = request(method, params);
        if (!response.has("error")) {
            throw new AssertionError(method + " succeeded: " + response);
        }
        return response.get("error");
    }

    void notify(String method, Object params) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("jsonrpc", "2.0");
        message.put("method", method);
        message.put("params", params);
        transport.send(this, Json.write(message));
    }

    /** How often responses came by resuming a stream the server closed (HTTP). */
    int resumptions() {
        return ((Http) transport).resumed;
    }

    /** Sends text as it is, valid or not. */
    void sendRaw(String text) {
        transport.send(this, text);
    }

    /** The session id the server gave (HTTP). */
    String sessionId() {
        return transport instanceof Http http ? http.sessionId : null;
    }

    /** A raw HTTP exchange on the endpoint (HTTP only). */
    Exchange exchange(String method, String body, Map<String, String> headers) {
        return ((Http) transport).exchange(this, method, body, headers);
    }

    /** Notifications received so far whose method is {@code method}. */
    List<JsonNode> notifications(String method) {
        synchronized (notifications) {
            return notifications.stream().filter(n -> method.equals(n.path("method").asText())).toList();
        }
    }

    private static String message(long id, String method, Object params) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("jsonrpc", "2.0");
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        return Json.write(message);
    }

    /** Handles a server message that is not the awaited response: a notification or a request. */
    private void onServerMessage(JsonNode message) {
        if (message.has("method") && message.has("id")) {
            Function<JsonNode, Object> handler = handlers.get(message.get("method").asText());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("jsonrpc", "2.0");
            answer.put("id", message.get("id"));
            if (handler == null) {
                answer.put("error", Map.of("code", -32601, "message", "Method not found"));
            } else {
                answer.put("result", handler.apply(message.get("params")));
            }
            transport.send(this, Json.write(answer));
        } else if (message.has("method")) {
            notifications.add(message);
        }
    }

    @Override
    public void close() {
        transport.close(this);
    }

    private sealed interface Transport permits Http, Stdio {
        JsonNode request(McpClient client, String message);

        void send(McpClient client, String message);

        void close(McpClient client);
    }

    private static final class Http implements Transport {
        private final URI endpoint;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        volatile String sessionId;
        /** How often a response had to be fetched by resuming with GET + Last-Event-ID. */
        volatile int resumed;

        Http(URI endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public JsonNode request(McpClient client, String message) {
            Exchange exchange = exchange(client, "POST", message, Map.of());
            if (exchange.messages().isEmpty()) {
                throw new AssertionError("no response: HTTP " + exchange.status() + " " + exchange.body());
            }
            return exchange.messages().getLast();
        }

        @Override
        public void send(McpClient client, String message) {
            exchange(client, "POST", message, Map.of());
        }

        Exchange exchange(McpClient client, String method, String body, Map<String, String> extra) {
            Map<String, String> headers = new HashMap<>();
            headers.put("Accept", "application/json, text/event-stream");
            headers.put("Content-Type", "application/json");
            if (sessionId != null) {
                headers.put("Mcp-Session-Id", sessionId);
                headers.put("MCP-Protocol-Version", client.protocolVersion);
            }
            if (client.authorization != null) {
                headers.put("Authorization", client.authorization);
            }
            if (client.traceparent != null) {
                headers.put("traceparent", client.traceparent);
            }
            headers.putAll(extra);
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach((name, value) -> {
                if (value != null) {
                    request.header(name, value);
                }
            });
            try {
                HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> sessionId = id);
                String type = response.headers().firstValue("Content-Type").orElse("");
                List<JsonNode> messages = new ArrayList<>();
                String text;
                if (type.startsWith("text/event-stream")) {
                    String[] lastEventId = new String[1];
                    text = readEvents(client, response.body(), messages, lastEventId);
                    // the server closed the stream before the response (polling): resume where it stopped
                    for (int resumes = 0; messages.isEmpty() && lastEventId[0] != null && resumes < 10; resumes++) {
                        resumed++;
                        HttpRequest.Builder get = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60)).GET()
                                .header("Accept", "text/event-stream").header("Last-Event-ID", lastEventId[0])
                                .header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", client.protocolVersion);
                        if (client.authorization != null) {
                            get.header("Authorization", client.authorization);
                        }
                        text += readEvents(client, http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream()).body(),
                                messages, lastEventId);
                    }
                } else {
                    text = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                    if (type.startsWith("application/json") && !text.isEmpty()) {
                        messages.add(Json.parse(text));
                    }
                }
                return new Exchange(response.statusCode(), response.headers().map(), text, messages);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Reads SSE events until the stream ends; responses are kept, other messages handled as they come. */
        private static String readEvents(McpClient client, java.io.InputStream body, List<JsonNode> responses,
                                         String[] lastEventId) throws IOException {
            StringBuilder all = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    all.append(line).append('\n');
                    if (line.startsWith("id: ")) {
                        lastEventId[0] = line.substring(4);
                    }
                    if (line.startsWith("data: ") && line.length() > 6) {
                        JsonNode message = Json.parse(line.substring(6));
                        if (message.has("method")) {
                            client.onServerMessage(message);
                        } else {
                            responses.add(message);
                        }
                    }
                }
            }
            return all.toString();
        }

        @Override
        public void close(McpClient client) {
            if (sessionId != null) {
                exchange(client, "DELETE", null, Map.of());
            }
        }
    }

    private static final class Stdio implements Transport {
        private final OutputStream toServer;
        private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private Thread reader;
        private McpClient owner;

        Stdio(OutputStream toServer) {
            this.toServer = toServer;
        }

        void start(McpClient client, java.io.InputStream fromServer) {
            this.owner = client;
            this.reader = Thread.ofVirtual().start(() -> read(fromServer));
        }

        private void read(java.io.InputStream fromServer) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode message = Json.parse(line);
                    if (message.has("method")) {
                        Thread.ofVirtual().start(() -> owner.onServerMessage(message));
                    } else {
                        CompletableFuture<JsonNode> waiting = pending.remove(message.path("id").asText());
                        if (waiting != null) {
                            waiting.complete(message);
                        } else {
                            owner.notifications.add(message); // e.g. a response to an unparseable line
                        }
                    }
                }
            } catch (IOException e) {
                pending.values().forEach(f -> f.completeExceptionally(e));
            }
        }

        @Override
        public JsonNode request(McpClient client, String message) {
            ObjectNode parsed;
            try {
                parsed = (ObjectNode) Json.parse(message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CompletableFuture<JsonNode> response = new CompletableFuture<>();
            pending.put(parsed.get("id").asText(), response);
            send(client, message);
            try {
                return response.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("no response to " + message, e);
            }
        }

        @Override
        public synchronized void send(McpClient client, String message) {
            try {
                toServer.write((message + "\n").getBytes(StandardCharsets.UTF_8));
                toServer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close(McpClient client) {
            try {
                toServer.close();
                reader.join(Duration.ofSeconds(10));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.mxcp.host.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.json.Json;
import dev.mxcp.host.mcp.ProtocolVersion;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One MCP session with a remote server over Streamable HTTP: initialized on first use, re-initialized when the
 * server answers that it forgot the session (404; or 400 with an error about the session id, as the TypeScript
 * SDK's example servers do). Answers come as JSON or as an SSE stream; the whole exchange,
 * body included, ends by the caller's deadline, so nothing blocks past the configured timeout.
 */
final class HttpSession implements Instance {

    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String VERSION_HEADER = "MCP-Protocol-Version";

    private final ServerConfig config;
    private final ServerConfig.Remote remote;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();
    private final ReentrantLock initializing = new ReentrantLock();
    private volatile boolean initialized;
    private volatile String sessionId;
    private volatile String protocolVersion;

    HttpSession(ServerConfig config, ServerConfig.Remote remote, HttpClient http) {
        this.config = config;
        this.remote = remote;
        this.http = http;
    }

    @Override
    public JsonNode request(String method, JsonNode params, Deadline deadline) {
        ensureInitialized(deadline);
        String session = sessionId;
        Reply reply = post(ids.incrementAndGet(), message(method, params), deadline);
        if (session != null && reply.forgotSession()) {
            // the server forgot the session (restarted, or expired it): a new one, and the request once more
            reset(session);
            ensureInitialized(deadline);
            reply = post(ids.incrementAndGet(), message(method, params), deadline);
        }
        return answer(reply, deadline);
    }

    /**
     * The response in {@code reply}; when an SSE stream ends without it after events with ids (a server that
     * closes streams for the client to poll, as the 2025-11-25 specification allows), the stream is resumed
     * with a GET carrying {@code Last-Event-ID}, after the {@code retry} the server asked for, until the deadline.
     */
    private JsonNode answer(Reply reply, Deadline deadline) {
        Reply current = reply;
        while (current.eventStream()) {
            JsonNode found = current.fromEvents(current.body());
            if (found != null) {
                return found;
            }
            String last = current.lastEventId();
            if (last == null || current.status() != 200) {
                throw unavailable("its event stream ended without the response (HTTP " + current.status() + ")", null);
            }
            long retry = Math.min(TimeUnit.MILLISECONDS.toNanos(current.retryMillis()), deadline.remaining());
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, retry));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("interrupted", e);
            }
            current = send(HttpRequest.newBuilder(remote.url()).GET().header("Accept", "text/event-stream")
                    .header("Last-Event-ID", last), reply.id(), deadline);
        }
        return current.response(this);
    }

    /** Ends the session on the server, best effort (a server that is gone has ended it anyway). */
    @Override
    public synchronized void close() {
        String session = sessionId;
        sessionId = null;
        initialized = false;
        if (session == null) {
            return;
        }
        HttpRequest.Builder delete = HttpRequest.newBuilder(remote.url()).timeout(config.connectTimeout()).DELETE()
                .header(SESSION_HEADER, session);
        headers(delete, protocolVersion);
        http.sendAsync(delete.build(), HttpResponse.BodyHandlers.discarding());
    }

    private void ensureInitialized(Deadline deadline) {
        if (initialized) {
            return;
        }
        try {
            if (!initializing.tryLock(deadline.remaining(), TimeUnit.NANOSECONDS)) {
                throw timeout("while another request opened the session", deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while opening a session", e);
        }
        try {
            if (!initialized) {
                initialize(deadline);
            }
        } finally {
            initializing.unlock();
        }
    }

    private void initialize(Deadline deadline) {
        sessionId = null;
        protocolVersion = null;
        ObjectNode params = Json.MAPPER.createObjectNode().put("protocolVersion", ProtocolVersion.LATEST);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "mxcp-manager").put("version", "1");
        Reply reply = post(ids.incrementAndGet(), message("initialize", params), deadline);
        JsonNode response = answer(reply, deadline);
        if (response.has("error")) {
            throw unavailable("initialize failed: " + response.at("/error/message").asText(), null);
        }
        String version = response.at("/result/protocolVersion").asText(null);
        if (!ProtocolVersion.isSupported(version)) {
            throw unavailable("it speaks MCP revision " + version + ", not one of " + ProtocolVersion.SUPPORTED, null);
        }
        protocolVersion = version;
        sessionId = reply.header(SESSION_HEADER); // none: a stateless server
        ObjectNode initialized = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized");
        Reply ack = post(-1, initialized, deadline);
        if (ack.status() >= 300) {
            throw unavailable("notifications/initialized was answered with HTTP " + ack.status(), null);
        }
        this.initialized = true;
    }

    /** Forgets {@code session} unless a concurrent request already replaced it. */
    private void reset(String session) {
        initializing.lock();
        try {
            if (session.equals(sessionId)) {
                initialized = false;
            }
        } finally {
            initializing.unlock();
        }
    }

    /** A request without its id, which {@link #post} adds. */
    private static ObjectNode message(String method, JsonNode params) {
        ObjectNode message = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null && !params.isNull()) {
            message.set("params", params);
        }
        return message;
    }

    /** POSTs {@code message}, with {@code id} unless it is -1 (a notification). */
    private Reply post(long id, ObjectNode message, Deadline deadline) {
        if (id != -1) {
            message.put("id", id);
        }
        String body = Json.write(message);
        return send(HttpRequest.newBuilder(remote.url())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)), id, deadline);
    }

    /** Sends {@code request} with the session's headers, its whole answer bounded by {@code deadline}. */
    private Reply send(HttpRequest.Builder request, long id, Deadline deadline) {
        request.timeout(Duration.ofNanos(Math.max(1, deadline.remaining())));
        String session = sessionId;
        if (session != null) {
            request.header(SESSION_HEADER, session);
        }
        headers(request, protocolVersion);
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        try {
            // the body too: an SSE answer is read to its end, which the deadline bounds
            return new Reply(exchange.get(deadline.remaining(), TimeUnit.NANOSECONDS), id);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timeout("no answer", deadline);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw timeout("no answer", deadline);
            }
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw unavailable((cause instanceof IOException ? "connection failed: " : "request failed: ") + reason, cause);
        }
    }

    private void headers(HttpRequest.Builder request, String version) {
        if (version != null) {
            request.header(VERSION_HEADER, version);
        }
        if (remote.auth().header() != null) {
            request.header(remote.auth().header(), remote.auth().value());
        }
    }

    private static JsonNode parseQuietly(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            return null;
        }
    }

    private McpManagerException timeout(String what, Deadline deadline) {
        return McpManagerException.timeout(config, what, deadline.budget());
    }

    private McpManagerException unavailable(String what, Throwable cause) {
        return McpManagerException.unavailable(config, what, cause);
    }

    /** An HTTP answer to a POST of the message with id {@code id} (-1 for a notification). */
    private record Reply(HttpResponse<String> http, long id) {
        int status() {
            return http.statusCode();
        }

        String header(String name) {
            return http.headers().firstValue(name).orElse(null);
        }

        String body() {
            return http.body() == null ? "" : http.body();
        }

        boolean eventStream() {
            return http.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT)
                    .startsWith("text/event-stream");
        }

        /** The id of the stream's last event that had one; null when none had. */
        String lastEventId() {
            String last = null;
            for (String line : body().lines().toList()) {
                if (line.startsWith("id:")) {
                    last = line.substring(line.startsWith("id: ") ? 4 : 3);
                }
            }
            return last;
        }

        /** The stream's last {@code retry:} in milliseconds, else a short pause. */
        long retryMillis() {
            long retry = 100;
            for (String line : body().lines().toList()) {
                if (line.startsWith("retry:")) {
                    try {
                        retry = Long.parseLong(line.substring(6).strip());
                    } catch (NumberFormatException e) {
                        // not a number: ignored, as the SSE format says
                    }
                }
            }
            return retry;
        }

        /**
         * Whether the server does not know the session sent: 404, as the specification says, or a 400 whose
         * JSON-RPC error is about the session id, as the TypeScript SDK's example servers (server-everything)
         * answer after a restart.
         */
        boolean forgotSession() {
            if (status() == 404) {
                return true;
            }
            if (status() != 400) {
                return false;
            }
            JsonNode message = parseQuietly(http.body() == null ? "" : http.body());
            return message != null && message.at("/error/message").asText().toLowerCase(Locale.ROOT).contains("session");
        }

        /** The JSON-RPC response to the request, from a JSON body. */
        JsonNode response(HttpSession session) {
            String body = body();
            JsonNode message = parseQuietly(body);
            boolean isResponse = message != null && message.isObject() && (message.has("result") || message.has("error"));
            if (isResponse && (status() == 200 || message.has("error") && status() >= 400 && status() < 500)) {
                return message; // a 4xx with a JSON-RPC error: the server is there and refused the request
            }
            if (status() >= 300) {
                throw session.unavailable("HTTP " + status() + " from the server", null);
            }
            throw session.unavailable("its answer is not a JSON-RPC response (HTTP " + status() + ")", null);
        }

        /** The response among the events of {@code body}; null when none is. */
        JsonNode fromEvents(String body) {
            StringBuilder data = new StringBuilder();
            for (String line : (body + "\n\n").lines().toList()) {
                if (line.isEmpty()) {
                    JsonNode message = data.isEmpty() ? null : parseQuietly(data.toString());
                    data.setLength(0);
                    if (message != null && message.path("id").asLong(-2) == id
                            && (message.has("result") || message.has("error"))) {
                        return message;
                    }
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
            return null;
        }
    }
}

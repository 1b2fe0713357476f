package dev.mxcp.host.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.json.Json;
import dev.mxcp.host.mcp.ProtocolVersion;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One MCP session with a remote server over Streamable HTTP: initialized on first use, re-initialized when the
 * server answers that it forgot the session (404; or 400 with an error about the session id, as the TypeScript
 * SDK's example servers do). Answers come as JSON or as an SSE stream. Each exchange runs on the caller's thread
 * over a kept-alive connection of the server's {@link Http1Client}: a socket read waits at most the time left when
 * the exchange began, and the deadline is checked between the body's reads, so a silent server times out at the
 * deadline and one trickling bytes at its first read that ends past it.
 */
final class HttpSession implements Instance {

    private static final HeaderName SESSION_HEADER = HeaderNames.create("Mcp-Session-Id");
    private static final HeaderName VERSION_HEADER = HeaderNames.create("MCP-Protocol-Version");
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final Header JSON_BODY = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "application/json");
    private static final Header ACCEPT_BOTH = HeaderValues.createCached(HeaderNames.ACCEPT,
            "application/json, text/event-stream");
    private static final Header ACCEPT_EVENTS = HeaderValues.createCached(HeaderNames.ACCEPT, "text/event-stream");

    private final ServerConfig config;
    private final ServerConfig.Remote remote;
    private final Http1Client http;
    /** The configured auth header, built once; null when none. */
    private final Header auth;
    private final AtomicLong ids = new AtomicLong();
    private final ReentrantLock initializing = new ReentrantLock();
    private volatile boolean initialized;
    /** The session's headers, built once per session: id and protocol version (either may be absent). */
    private volatile Header sessionId;
    private volatile Header protocolVersion;

    HttpSession(ServerConfig config, ServerConfig.Remote remote, Http1Client http) {
        this.config = config;
        this.remote = remote;
        this.http = http;
        this.auth = remote.auth().httpHeader();
    }

    @Override
    public JsonNode request(String method, JsonNode params, Deadline deadline) {
        ensureInitialized(deadline);
        Header session = sessionId;
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
            JsonNode found = current.fromEvents();
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
            current = send(http.method(Method.GET).header(ACCEPT_EVENTS).header(LAST_EVENT_ID, last), null,
                    reply.id(), deadline);
        }
        return current.response(this);
    }

    /** Ends the session on the server, best effort (a server that is gone has ended it anyway), off the caller's thread. */
    @Override
    public synchronized void close() {
        Header session = sessionId;
        Header version = protocolVersion;
        sessionId = null;
        initialized = false;
        if (session == null) {
            return;
        }
        // its own connection: the server's connection pool may be closing with it
        Http1ClientRequest delete = headers(http.method(Method.DELETE).header(session), version).keepAlive(false)
                .readTimeout(config.connectTimeout());
        Thread.ofVirtual().name("mcp-manager-end-session-" + config.id()).start(() -> {
            try (Http1ClientResponse ignored = delete.request()) {
                // the answer does not matter
            } catch (RuntimeException e) {
                // best effort
            }
        });
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
        protocolVersion = HeaderValues.create(VERSION_HEADER, version);
        String session = reply.session(); // none: a stateless server
        sessionId = session == null ? null : HeaderValues.create(SESSION_HEADER, session); // checked as it was read
        ObjectNode initialized = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized");
        Reply ack = post(-1, initialized, deadline);
        if (ack.status() >= 300) {
            throw unavailable("notifications/initialized was answered with HTTP " + ack.status(), null);
        }
        this.initialized = true;
    }

    /** Forgets {@code session} unless a concurrent request already replaced it. */
    private void reset(Header session) {
        initializing.lock();
        try {
            if (session == sessionId) {
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
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree that does not serialize", e);
        }
        return send(http.method(Method.POST).header(JSON_BODY).header(ACCEPT_BOTH), body, id, deadline);
    }

    /**
     * Sends {@code request} (with {@code body} unless null) with the session's headers on the caller's thread,
     * and reads its whole answer, all by {@code deadline}.
     */
    private Reply send(Http1ClientRequest request, byte[] body, long id, Deadline deadline) {
        Header session = sessionId;
        if (session != null) {
            request.header(session);
        }
        headers(request, protocolVersion).readTimeout(readTimeout(deadline));
        try (Http1ClientResponse response = body == null ? request.request() : request.submit(body)) {
            // the body too: an SSE answer is read to its end, which the deadline bounds
            return new Reply(response.status().code(), response.headers().first(SESSION_HEADER).orElse(null),
                    response.headers().first(HeaderNames.CONTENT_TYPE)
                            .map(type -> type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")).orElse(false),
                    read(response.inputStream(), deadline), id);
        } catch (McpManagerException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) { // an interrupt closes a virtual thread's socket
                throw unavailable("interrupted", e);
            }
            if (deadline.passed() || timedOut(e)) {
                throw timeout("no answer", deadline);
            }
            throw unavailable("connection failed: " + reason(e), e);
        }
    }

    /** The socket read timeout for an exchange: the time left, in whole milliseconds (0 would mean none). */
    private static Duration readTimeout(Deadline deadline) {
        return Duration.ofMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline.remaining() + 999_999)));
    }

    /** The whole body, the deadline checked between reads (a server trickling bytes cannot hold the call). */
    private byte[] read(InputStream in, Deadline deadline) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(512);
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            body.write(chunk, 0, n);
            if (deadline.passed()) {
                throw timeout("no complete answer", deadline);
            }
        }
        return body.toByteArray();
    }

    private Http1ClientRequest headers(Http1ClientRequest request, Header version) {
        if (version != null) {
            request.header(version);
        }
        if (auth != null) {
            request.header(auth);
        }
        return request;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message: the socket's own words ("Connection refused"), not the client's wrappers. */
    private static String reason(Throwable e) {
        String reason = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataReader.InsufficientDataAvailableException) { // the client's word for end of stream
                return "the server closed the connection before it answered";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        return reason;
    }

    private static JsonNode parseQuietly(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
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

    /** An HTTP answer to a POST of the message with id {@code id} (-1 for a notification), read whole. */
    private record Reply(int status, String session, boolean eventStream, byte[] body, long id) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The id of the stream's last event that had one; null when none had. */
        String lastEventId() {
            String last = null;
            for (String line : text().lines().toList()) {
                if (line.startsWith("id:")) {
                    last = line.substring(line.startsWith("id: ") ? 4 : 3);
                }
            }
            return last;
        }

        /** The stream's last {@code retry:} in milliseconds, else a short pause. */
        long retryMillis() {
            long retry = 100;
            for (String line : text().lines().toList()) {
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
            if (status == 404) {
                return true;
            }
            if (status != 400) {
                return false;
            }
            JsonNode message = parseQuietly(body);
            return message != null && message.at("/error/message").asText().toLowerCase(Locale.ROOT).contains("session");
        }

        /** The JSON-RPC response to the request, from a JSON body. */
        JsonNode response(HttpSession session) {
            JsonNode message = parseQuietly(body);
            boolean isResponse = message != null && message.isObject() && (message.has("result") || message.has("error"));
            if (isResponse && (status == 200 || message.has("error") && status >= 400 && status < 500)) {
                return message; // a 4xx with a JSON-RPC error: the server is there and refused the request
            }
            if (status >= 300) {
                throw session.unavailable("HTTP " + status + " from the server", null);
            }
            throw session.unavailable("its answer is not a JSON-RPC response (HTTP " + status + ")", null);
        }

        /** The response among the events of the body; null when none is. */
        JsonNode fromEvents() {
            StringBuilder data = new StringBuilder();
            for (String line : (text() + "\n\n").lines().toList()) {
                if (line.isEmpty()) {
                    JsonNode message = data.isEmpty() ? null : parseQuietly(data.toString().getBytes(StandardCharsets.UTF_8));
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

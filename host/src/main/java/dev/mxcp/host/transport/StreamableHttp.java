package dev.mxcp.host.transport;

import static dev.mxcp.host.transport.Exchanges.accepts;
import static dev.mxcp.host.transport.Exchanges.fail;
import static dev.mxcp.host.transport.Exchanges.headersOf;
import static dev.mxcp.host.transport.Exchanges.internalError;
import static dev.mxcp.host.transport.Exchanges.parseLong;
import static dev.mxcp.host.transport.Exchanges.send;

import dev.mxcp.host.auth.ResourceServer;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.mcp.Era;
import dev.mxcp.host.mcp.JsonRpc;
import dev.mxcp.host.mcp.McpError;
import dev.mxcp.host.mcp.McpMethod;
import dev.mxcp.host.mcp.McpServer;
import dev.mxcp.host.mcp.ProtocolVersion;
import dev.mxcp.host.mcp.Session;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * MCP's Streamable HTTP transport (revisions 2025-03-26 to 2025-11-25, and 2026-07-28 on the same endpoint,
 * per request: see {@link Era}) as a Helidon service: POST carries
 * one message, GET opens the session's own SSE stream, DELETE ends the session. It checks Origin, Host,
 * Accept, Content-Type, body size, session and MCP-Protocol-Version, and with authentication on the bearer
 * token of every request (a session stays its opener's), then hands the message to the core.
 * Register it at the endpoint path: {@code routing.register("/mcp", StreamableHttp.create(server, options))}.
 * Its owner closes it (it runs a timer thread).
 */
public final class StreamableHttp implements HttpService, AutoCloseable {

    static final HeaderName SESSION_ID = HeaderNames.create("Mcp-Session-Id");
    static final HeaderName PROTOCOL_VERSION = HeaderNames.create("MCP-Protocol-Version");
    static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    private final McpServer server;
    private final HttpOptions options;
    private final Exchanges exchanges;
    private final PostStream.Polling polling;
    /** Detaches polled streams and sweeps the heartbeats of modern ones. */
    private final java.util.concurrent.ScheduledExecutorService timer;
    private final PostStream.Heartbeats heartbeats;

    private StreamableHttp(McpServer server, HttpOptions options, ResourceServer auth) {
        this.server = server;
        this.options = options;
        this.exchanges = new Exchanges(options, auth);
        var timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("mxcp-http-timer").factory());
        timer.setRemoveOnCancelPolicy(true); // a stream's detach timer, cancelled when its call ends, is not kept
        this.timer = timer;
        this.polling = options.pollAfter() == null ? null
                : new PostStream.Polling(options.pollAfter(), timer, new Resumptions());
        this.heartbeats = new PostStream.Heartbeats(timer);
    }

    /** The transport for {@code server}; close it with the server. */
    public static StreamableHttp create(McpServer server, HttpOptions options) {
        return new StreamableHttp(server, options, null);
    }

    /** The transport for {@code server}, letting through only requests {@code auth} allows (null: all). */
    public static StreamableHttp create(McpServer server, HttpOptions options, ResourceServer auth) {
        return new StreamableHttp(server, options, auth);
    }

    /** Stops the timer; the server must no longer accept requests. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::post)
                .get("/", this::get)
                .delete("/", this::delete)
                .any("/", (req, res) -> {
                    res.header(HeaderNames.ALLOW, "GET, POST, DELETE");
                    fail(res, Status.METHOD_NOT_ALLOWED_405, McpError.SERVER_ERROR, "Method not allowed");
                });
    }

    private void post(ServerRequest req, ServerResponse res) {
        try {
            ResourceServer.Allowed caller = exchanges.guard(req, res);
            if (caller == null) {
                return;
            }
            if (!accepts(req, "application/json") || !accepts(req, "text/event-stream")) {
                fail(res, Status.NOT_ACCEPTABLE_406, McpError.SERVER_ERROR,
                        "Not Acceptable: the client must accept both application/json and text/event-stream");
                return;
            }
            String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
            if (!contentType.startsWith("application/json")) {
                fail(res, Status.UNSUPPORTED_MEDIA_TYPE_415, McpError.SERVER_ERROR,
                        "Unsupported Media Type: the body must be application/json");
                return;
            }
            JsonRpc.Message message = exchanges.readMessage(req, res);
            if (message == null) {
                return;
            }
            dispatch(req, res, message, caller);
        } catch (RuntimeException e) {
            internalError(res, e);
        }
    }

    private void dispatch(ServerRequest req, ServerResponse res, JsonRpc.Message message, ResourceServer.Allowed caller) {
        boolean initialize = message instanceof JsonRpc.Request r && McpMethod.INITIALIZE.wireName().equals(r.method());
        if (message instanceof JsonRpc.Request && !server.accepting()) {
            fail(res, Status.SERVICE_UNAVAILABLE_503, McpError.SERVER_ERROR, "Service Unavailable: the server is shutting down");
            return;
        }
        Optional<String> version = req.headers().first(PROTOCOL_VERSION);
        if (Era.of(message, version.orElse(null), req.headers().contains(SESSION_ID)) == Era.MODERN) {
            modern(req, res, message, caller);
            return;
        }
        if (!initialize && version.isPresent() && !ProtocolVersion.isSupported(version.get())) {
            fail(res, Status.BAD_REQUEST_400, McpError.SERVER_ERROR, "Bad Request: unsupported MCP-Protocol-Version "
                    + version.get() + " (supported: " + String.join(", ", ProtocolVersion.SUPPORTED) + ")");
            return;
        }
        Session session;
        if (options.stateless()) {
            session = server.transientSession(req.remotePeer().host());
            if (!initialize) {
                session.assume(version.orElse(ProtocolVersion.HTTP_DEFAULT));
            }
        } else if (initialize) {
            session = server.openSession(); // its id goes out only if initialize succeeds (PostStream)
            session.bindOwner(caller.subject());
        } else {
            session = requireSession(req, res, caller);
            if (session == null) {
                return;
            }
        }
        if (message instanceof JsonRpc.Request) {
            PostStream stream = new PostStream(res, session, polling, heartbeats, false);
            server.handle(session, message, stream, new CallerContext(caller.user(), headersOf(req)), Era.LEGACY);
            if (initialize && session.state() == Session.State.NEW && !options.stateless()) {
                server.terminate(session.id()); // initialize failed: the id handed out leads nowhere
            }
        } else {
            server.handle(session, message, null, CallerContext.NONE, Era.LEGACY);
            res.status(Status.ACCEPTED_202).send();
        }
    }

    /**
     * A modern (2026-07-28) message: headers checked against the body, then served statelessly, whatever
     * {@code Mcp-Session-Id} says; its errors carry their HTTP status (400, 404).
     */
    private void modern(ServerRequest req, ServerResponse res, JsonRpc.Message message, ResourceServer.Allowed caller) {
        Session session = server.transientSession(req.remotePeer().host());
        if (!(message instanceof JsonRpc.Request request)) {
            server.handle(session, message, null, CallerContext.NONE, Era.MODERN);
            res.status(Status.ACCEPTED_202).send();
            return;
        }
        McpError mismatch = ModernHeaders.check(req, request,
                server.paramHeaders(request.params().path("name").asText("")));
        if (mismatch != null) {
            send(res, Status.BAD_REQUEST_400, JsonRpc.error(request.id(), mismatch));
            return;
        }
        server.handle(session, message, new PostStream(res, session, polling, heartbeats, true),
                new CallerContext(caller.user(), headersOf(req)), Era.MODERN);
    }

    /** A client of the modern era outside any session: it has no GET stream and no session to DELETE. */
    private static boolean modernClient(ServerRequest req) {
        return !req.headers().contains(SESSION_ID)
                && ProtocolVersion.isModern(req.headers().first(PROTOCOL_VERSION).orElse(null));
    }

    private void get(ServerRequest req, ServerResponse res) {
        try {
            ResourceServer.Allowed caller = exchanges.guard(req, res);
            if (caller == null) {
                return;
            }
            if (options.stateless() || modernClient(req)) {
                res.header(HeaderNames.ALLOW, "POST");
                fail(res, Status.METHOD_NOT_ALLOWED_405, McpError.SERVER_ERROR, "Method not allowed: "
                        + (options.stateless() ? "this server is stateless" : "2026-07-28 has no sessions or GET streams"));
                return;
            }
            if (!accepts(req, "text/event-stream")) {
                fail(res, Status.NOT_ACCEPTABLE_406, McpError.SERVER_ERROR, "Not Acceptable: GET must accept text/event-stream");
                return;
            }
            Session session = requireSession(req, res, caller);
            if (session == null) {
                return;
            }
            Optional<String> lastEventId = req.headers().first(LAST_EVENT_ID);
            if (polling != null && lastEventId.isPresent()) {
                Resumptions.Detached detached = polling.resumptions().find(session.id(), lastEventId.get());
                if (detached != null) {
                    resume(res, detached, lastEventId.get());
                    return;
                }
            }
            GetStream stream = new GetStream();
            if (!session.attach(stream)) {
                fail(res, Status.CONFLICT_409, McpError.SERVER_ERROR, "Conflict: this session already has a GET stream");
                return;
            }
            stream.run(res, session, server::accepting);
        } catch (RuntimeException e) {
            internalError(res, e);
        }
    }

    /** Replays a detached POST stream after the client's last event, up to and including the response. */
    private void resume(ServerResponse res, Resumptions.Detached detached, String lastEventId) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        long lastSeq = parseLong(lastEventId.substring(lastEventId.indexOf('-') + 1));
        try {
            SseWriter sse = new SseWriter(res.outputStream());
            if (detached.replay(sse, lastSeq)) {
                polling.resumptions().forget(detached);
            }
            sse.close();
        } catch (IOException | UncheckedIOException e) {
            // the client went away again; it may resume once more
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        try {
            ResourceServer.Allowed caller = exchanges.guard(req, res);
            if (caller == null) {
                return;
            }
            if (options.stateless() || modernClient(req)) {
                res.header(HeaderNames.ALLOW, "POST");
                fail(res, Status.METHOD_NOT_ALLOWED_405, McpError.SERVER_ERROR, "Method not allowed: "
                        + (options.stateless() ? "this server is stateless" : "2026-07-28 has no sessions or GET streams"));
                return;
            }
            Session session = requireSession(req, res, caller);
            if (session != null) {
                server.terminate(session.id());
                res.status(Status.OK_200).send();
            }
        } catch (RuntimeException e) {
            internalError(res, e);
        }
    }

    /** The request's session: 400 without an id, 404 for an unknown or ended one, or another caller's. */
    private Session requireSession(ServerRequest req, ServerResponse res, ResourceServer.Allowed caller) {
        Optional<String> id = req.headers().first(SESSION_ID);
        if (id.isEmpty()) {
            fail(res, Status.BAD_REQUEST_400, McpError.SERVER_ERROR, "Bad Request: Mcp-Session-Id header is required");
            return null;
        }
        Optional<Session> session = server.session(id.get());
        if (session.isEmpty() || !session.get().usableBy(caller.subject())) {
            fail(res, Status.NOT_FOUND_404, McpError.SESSION_NOT_FOUND, "Session not found");
            return null;
        }
        return session.get();
    }
}

package dev.mxcp.host.transport;

import static dev.mxcp.host.transport.Exchanges.fail;
import static dev.mxcp.host.transport.Exchanges.headersOf;
import static dev.mxcp.host.transport.Exchanges.internalError;

import dev.mxcp.host.auth.ResourceServer;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.mcp.JsonRpc;
import dev.mxcp.host.mcp.McpError;
import dev.mxcp.host.mcp.McpServer;
import dev.mxcp.host.mcp.ResponseStream;
import dev.mxcp.host.mcp.Session;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * MCP's old HTTP+SSE transport (revision 2024-11-05), for clients that speak only it ({@code mxcp serve
 * --transport sse}), at MXCP's paths: {@code GET /sse} opens a session and its event stream, whose first event
 * ({@code endpoint}) names {@code /messages/?session_id=ID}; each message is POSTed there, answered
 * {@code 202 Accepted}, and its response comes on the event stream. The session lasts as long as its stream.
 * The same guard as Streamable HTTP applies: Origin, Host, body size, and with authentication the bearer token.
 */
public final class LegacySse implements HttpService {

    public static final String STREAM_PATH = "/sse";
    public static final String MESSAGES_PATH = "/messages/";

    private static final System.Logger LOG = System.getLogger(LegacySse.class.getName());

    private final McpServer server;
    private final Exchanges exchanges;
    private final String messages;

    private LegacySse(McpServer server, HttpOptions options, ResourceServer auth, String mountPath) {
        this.server = server;
        this.exchanges = new Exchanges(options, auth);
        this.messages = mountPath.replaceAll("/+$", "") + MESSAGES_PATH;
    }

    /**
     * The transport for {@code server}, letting through only requests {@code auth} allows (null: all).
     *
     * @param mountPath where it is registered ("" or "/" for the root), so the stream names the messages URL
     */
    public static LegacySse create(McpServer server, HttpOptions options, ResourceServer auth, String mountPath) {
        return new LegacySse(server, options, auth, mountPath);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(STREAM_PATH, this::stream)
                .post(MESSAGES_PATH, this::message)
                .post("/messages", this::message);
    }

    private void stream(ServerRequest req, ServerResponse res) {
        try {
            ResourceServer.Allowed caller = exchanges.guard(req, res);
            if (caller == null) {
                return;
            }
            if (!server.accepting()) {
                fail(res, Status.SERVICE_UNAVAILABLE_503, McpError.SERVER_ERROR, "Service Unavailable: the server is shutting down");
                return;
            }
            Session session = server.openSession();
            session.bindOwner(caller.subject());
            GetStream stream = new GetStream();
            session.attach(stream);
            try {
                stream.run(res, session, server::accepting, messages + "?session_id=" + session.id());
            } finally {
                server.terminate(session.id());
            }
        } catch (RuntimeException e) {
            internalError(res, e);
        }
    }

    private void message(ServerRequest req, ServerResponse res) {
        try {
            ResourceServer.Allowed caller = exchanges.guard(req, res);
            if (caller == null) {
                return;
            }
            Optional<String> id = req.query().first("session_id").asOptional();
            if (id.isEmpty()) {
                fail(res, Status.BAD_REQUEST_400, McpError.SERVER_ERROR, "Bad Request: session_id is required");
                return;
            }
            Optional<Session> found = server.session(id.get());
            if (found.isEmpty() || !found.get().usableBy(caller.subject())) {
                fail(res, Status.NOT_FOUND_404, McpError.SESSION_NOT_FOUND, "Could not find session");
                return;
            }
            Session session = found.get();
            JsonRpc.Message message = exchanges.readMessage(req, res);
            if (message == null) {
                return;
            }
            if (message instanceof JsonRpc.Request request) {
                if (!server.accepting()) {
                    fail(res, Status.SERVICE_UNAVAILABLE_503, McpError.SERVER_ERROR, "Service Unavailable: the server is shutting down");
                    return;
                }
                CallerContext context = new CallerContext(caller.user(), headersOf(req));
                // answered on the session's event stream; the POST only says it was taken
                Thread.ofVirtual().name("mcp-sse-" + request.method()).start(() -> {
                    try {
                        server.handle(session, request, new OnTheStream(session), context);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "SSE request failed", e);
                    }
                });
            } else {
                server.handle(session, message, null);
            }
            res.status(Status.ACCEPTED_202).send("Accepted");
        } catch (RuntimeException e) {
            internalError(res, e);
        }
    }

    /** A request's messages and its response, all on the session's event stream. */
    private static final class OnTheStream implements ResponseStream {
        private final Session session;
        private volatile boolean done;

        OnTheStream(Session session) {
            this.session = session;
        }

        @Override
        public boolean send(byte[] frame) {
            return !done && session.sendStandalone(frame);
        }

        @Override
        public void respond(byte[] response) {
            if (!done) {
                done = true;
                session.sendStandalone(response);
            }
        }

        @Override
        public void abandon() {
            done = true;
        }
    }
}

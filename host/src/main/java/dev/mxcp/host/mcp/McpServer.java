package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.ParamHeaders;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.engine.ServedEndpoint;
import dev.mxcp.host.engine.ServedEndpoints;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MCP protocol core, independent of any transport: sessions, JSON-RPC dispatch and the feature handlers
 * over one {@link ProjectRuntime}. A transport parses frames with {@link JsonRpc#parse}, finds or opens the
 * {@link Session}, and hands each message to {@link #handle}, with a {@link ResponseStream} for requests.
 */
public final class McpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(McpServer.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProjectRuntime runtime;
    private final McpOptions options;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Stateless HTTP has no sessions: its tool calls are counted per client address. */
    private final Map<String, ToolCallThrottle> throttles = new ConcurrentHashMap<>();
    /** Requests being handled, of every session (stateless ones too): drain waits for them, then cancels them. */
    private final Set<RequestChannel> running = ConcurrentHashMap.newKeySet();
    private volatile Catalog catalog;
    private final ProjectRuntime.Subscription reloads;
    private volatile boolean accepting = true;
    private final LifecycleHandler lifecycle;
    private final Features features;
    private final ModernHandler modern;
    private final Tasks tasks;
    private final Subscriptions subscriptions = new Subscriptions();

    private McpServer(ProjectRuntime runtime, McpOptions options, List<CompletionProvider> completions) {
        this.runtime = runtime;
        this.options = options;
        this.catalog = Catalog.of(runtime.served());
        this.reloads = runtime.onEndpointsReloaded(this::endpointsReloaded);
        Env env = new Env(runtime, options, () -> catalog);
        this.lifecycle = new LifecycleHandler(options);
        this.features = new Features(new ToolsHandler(env), new ResourcesHandler(env), new PromptsHandler(env),
                new CompletionHandler(env, completions));
        this.tasks = new Tasks(features.tools(), options.clientTimeout(), running);
        this.modern = new ModernHandler(options, lifecycle, features, tasks, subscriptions);
    }

    /**
     * A server for the project loaded in {@code runtime}.
     *
     * @param completions providers asked before the built-in one (enum values, examples); may be empty
     */
    public static McpServer create(ProjectRuntime runtime, McpOptions options, List<CompletionProvider> completions) {
        return new McpServer(Objects.requireNonNull(runtime), Objects.requireNonNull(options), List.copyOf(completions));
    }

    /** Opens a session with a new random id (128 bits from a secure random source, in hex). */
    public Session openSession() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        Session session = new Session(HexFormat.of().formatHex(bytes), true,
                ToolCallThrottle.of(options.toolCallLimit(), "session"));
        sessions.put(session.id(), session);
        return session;
    }

    /**
     * A session for one stateless request: never registered, cannot receive answers from the client.
     *
     * @param client the client's address: its tool calls share one rate limit
     */
    public Session transientSession(String client) {
        String key = client == null ? "" : client;
        return new Session("", false,
                throttles.computeIfAbsent(key, c -> ToolCallThrottle.of(options.toolCallLimit(), "client address")));
    }

    /** The parameters tool {@code name} has mirrored into {@code Mcp-Param-*} headers (none for unknown tools). */
    public List<ParamHeaders.ParamHeader> paramHeaders(String name) {
        return catalog.paramHeaders.getOrDefault(name, List.of());
    }

    /** The open session with this id. */
    public Optional<Session> session(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
    }

    /** Ends a session (HTTP DELETE, stdio EOF); returns false when it was not open. */
    public boolean terminate(String id) {
        Session session = sessions.remove(id);
        if (session == null) {
            return false;
        }
        session.close();
        return true;
    }

    /** False once {@link #drain} has begun: transports then refuse new requests. */
    public boolean accepting() {
        return accepting;
    }

    /**
     * Handles one message of {@code session}. A request is answered on {@code stream} before this returns
     * (it runs on the calling thread, which may block); notifications and responses need no stream.
     */
    public void handle(Session session, JsonRpc.Message message, ResponseStream stream) {
        handle(session, message, stream, CallerContext.NONE); // stdio: no user, no headers, as in MXCP
    }

    /**
     * Like {@link #handle(Session, JsonRpc.Message, ResponseStream)}, for a message of an HTTP request: its
     * authenticated user (or none) and headers (lower-case names), which endpoint code sees (SQL's
     * {@code get_username()}, {@code get_request_header}...).
     */
    public void handle(Session session, JsonRpc.Message message, ResponseStream stream, CallerContext caller) {
        handle(session, message, stream, caller, Era.of(message, null, false));
    }

    /**
     * Like {@link #handle(Session, JsonRpc.Message, ResponseStream, CallerContext)}, served by the rules of
     * {@code era}, which the transport found with {@link Era#of} (HTTP headers take part in the decision).
     * A modern request ignores the session's state: it stands alone.
     */
    public void handle(Session session, JsonRpc.Message message, ResponseStream stream, CallerContext caller,
                       Era era) {
        session.touch();
        switch (message) {
            case JsonRpc.Request request -> handleRequest(session, request, stream, caller, era);
            case JsonRpc.Notification notification -> handleNotification(session, notification);
            case JsonRpc.Response response -> {
                var waiting = session.awaiting().get(response.id().asText());
                if (waiting != null) {
                    waiting.complete(response);
                }
            }
        }
    }

    private void handleRequest(Session session, JsonRpc.Request request, ResponseStream stream,
                               CallerContext caller, Era era) {
        McpMethod method = McpMethod.from(request.method());
        RequestMeta meta = null;
        if (era == Era.MODERN) {
            try {
                meta = RequestMeta.read(request.params());
            } catch (McpError e) {
                stream.fail(request.id(), e);
                return;
            }
        }
        RequestChannel channel = new RequestChannel(session, stream, RequestChannel.progressToken(request.params()),
                options.clientTimeout(), caller, meta);
        String key = Session.key(request.id());
        if (session.inFlight().putIfAbsent(key, channel) != null) {
            stream.respond(JsonRpc.error(request.id(), McpError.invalidRequest("request id " + request.id()
                    + " is already in use by a request in progress")));
            return;
        }
        running.add(channel);
        if (meta != null) {
            stream.cancelOnClose(channel.cancellation());
        }
        try {
            Object result = meta == null ? dispatch(session, method, request, channel)
                    : modern.dispatch(session, method, request, channel, caller);
            channel.finish();
            if (channel.cancellation().isCancelled()) {
                stream.abandon();
            } else {
                stream.respond(JsonRpc.result(request.id(), result));
            }
        } catch (Throwable e) {
            channel.finish();
            if (channel.cancellation().isCancelled()) {
                stream.abandon();
            } else {
                McpError error = Errors.toMcpError(e, request.method());
                stream.fail(request.id(), meta == null ? error : ModernHandler.error(error));
            }
            if (e instanceof Error fatal && !(e instanceof StackOverflowError)) {
                throw fatal;
            }
        } finally {
            session.inFlight().remove(key);
            running.remove(channel);
        }
    }

    private Object dispatch(Session session, McpMethod method, JsonRpc.Request request, RequestChannel channel) {
        if (method == null || !method.legacy()) {
            throw McpError.methodNotFound(request.method());
        }
        Session.State state = session.state();
        if (state == Session.State.NEW && method != McpMethod.INITIALIZE && method != McpMethod.PING) {
            throw McpError.invalidRequest("the session is not initialized; send initialize first");
        }
        if (state != Session.State.NEW && method == McpMethod.INITIALIZE) {
            throw McpError.invalidRequest("the session is already initialized");
        }
        ObjectNode params = request.params();
        Map<String, Object> feature = features.dispatch(method, session, params, channel);
        if (feature != null) {
            return feature;
        }
        return switch (method) {
            case INITIALIZE -> lifecycle.initialize(session, params);
            case PING -> Map.of();
            case LOGGING_SET_LEVEL -> lifecycle.setLevel(session, params);
            case RESOURCES_SUBSCRIBE -> features.resources().subscribe(session, params);
            case RESOURCES_UNSUBSCRIBE -> features.resources().unsubscribe(session, params);
            case NOTIFICATION_INITIALIZED, NOTIFICATION_CANCELLED, NOTIFICATION_ROOTS_LIST_CHANGED ->
                    throw McpError.invalidRequest(method.wireName() + " is a notification: send it without an id");
            default -> throw McpError.methodNotFound(request.method()); // server/discover: modern only
        };
    }

    private void handleNotification(Session session, JsonRpc.Notification notification) {
        McpMethod method = McpMethod.from(notification.method());
        if (method == null) {
            return; // unknown notifications are ignored, as JSON-RPC has no way to answer them
        }
        switch (method) {
            case NOTIFICATION_INITIALIZED -> session.ready();
            case NOTIFICATION_CANCELLED -> {
                JsonNode id = notification.params().get("requestId");
                if (id != null && (id.isTextual() || id.isIntegralNumber())) {
                    RequestChannel target = session.inFlight().get(Session.key(id));
                    if (target != null) {
                        target.cancellation().cancel(notification.params().path("reason").asText(null));
                    }
                }
            }
            case NOTIFICATION_ROOTS_LIST_CHANGED, INITIALIZE, PING, LOGGING_SET_LEVEL, SERVER_DISCOVER,
                 SUBSCRIPTIONS_LISTEN, TOOLS_LIST, TOOLS_CALL,
                 RESOURCES_LIST, RESOURCES_TEMPLATES_LIST, RESOURCES_READ, RESOURCES_SUBSCRIBE,
                 RESOURCES_UNSUBSCRIBE, PROMPTS_LIST, PROMPTS_GET, COMPLETION_COMPLETE -> {
                // roots are not used; requests sent as notifications get no answer, as JSON-RPC says
            }
        }
    }

    /**
     * After the runtime loaded its endpoint files again: tells every session and every
     * {@code subscriptions/listen} stream what changed, {@code list_changed} per kind whose list differs,
     * {@code resources/updated} to subscribers of resources whose definition or code changed.
     */
    private void endpointsReloaded(ServedEndpoints beforeView, ServedEndpoints afterView) {
        Catalog before = catalog;
        Catalog after = Catalog.of(afterView);
        catalog = after;
        if (!before.tools.equals(after.tools)) {
            broadcast("notifications/tools/list_changed");
            subscriptions.toolsChanged();
        }
        if (!before.resources.equals(after.resources) || !before.templates.equals(after.templates)) {
            broadcast("notifications/resources/list_changed");
            subscriptions.resourcesChanged();
        }
        if (!before.prompts.equals(after.prompts)) {
            broadcast("notifications/prompts/list_changed");
            subscriptions.promptsChanged();
        }
        java.util.function.Predicate<String> updated = uri -> {
            Optional<ServedEndpoint> old = beforeView.find(EndpointDef.Kind.RESOURCE, uri);
            Optional<ServedEndpoint> now = afterView.find(EndpointDef.Kind.RESOURCE, uri);
            return old.isEmpty() || now.isEmpty() || !sameCode(old.get().endpoint(), now.get().endpoint());
        };
        for (Session session : sessions.values()) {
            for (String uri : session.subscriptions()) {
                if (updated.test(uri)) {
                    session.sendStandalone(JsonRpc.notification("notifications/resources/updated", Map.of("uri", uri)));
                }
            }
        }
        subscriptions.resourcesUpdated(updated);
    }

    private void broadcast(String method) {
        byte[] frame = JsonRpc.notification(method, null);
        for (Session session : sessions.values()) {
            if (session.state() == Session.State.READY || session.state() == Session.State.INITIALIZED) {
                session.sendStandalone(frame);
            }
        }
    }

    private static boolean sameCode(Endpoint a, Endpoint b) {
        return a.definition().equals(b.definition()) && Objects.equals(a.code(), b.code());
    }

    /**
     * Stops accepting new requests and waits up to {@code timeout} for those running to finish; those still
     * running then are cancelled (open {@code subscriptions/listen} streams end at once, with their result), as a client's {@code notifications/cancelled} would (SQL statements and guest
     * calls are interrupted), so that the database can close under nothing.
     *
     * @return true when none was left running
     */
    public boolean drain(Duration timeout) {
        accepting = false;
        subscriptions.close(); // their streams end with a result at once, instead of holding the drain up
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = running.size();
        if (left > 0) {
            LOG.log(System.Logger.Level.WARNING, left + " request(s) still running after " + timeout.toMillis()
                    + " ms; cancelling them");
            running.forEach(channel -> channel.cancellation().cancel("the server is shutting down"));
        }
        return left == 0;
    }

    /**
     * Ends sessions that nothing used for {@code idle} (clients that went away without DELETE), and forgets
     * the rate limits of client addresses quiet long enough to have a full bucket again.
     *
     * @return how many sessions were ended
     */
    public int expireIdle(Duration idle) {
        throttles.values().removeIf(ToolCallThrottle::idle);
        long nanos = idle.toNanos();
        int expired = 0;
        for (Session session : sessions.values()) {
            if (session.idleFor(nanos) && terminate(session.id())) {
                expired++;
            }
        }
        return expired;
    }

    /** Stops listening to reloads and ends every session; the runtime is the caller's to close. */
    @Override
    public void close() {
        reloads.close();
        accepting = false;
        tasks.close();
        subscriptions.close();
        sessions.keySet().forEach(this::terminate);
    }
}

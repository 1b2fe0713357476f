package dev.mxcp.host.polyglot;

import dev.mxcp.guest.ClientChannel;
import dev.mxcp.guest.ClientRequestException;
import dev.mxcp.guest.Content;
import dev.mxcp.guest.Elicitation;
import dev.mxcp.guest.Sampling;
import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.UserConfig;
import dev.mxcp.host.db.DbSession;
import dev.mxcp.host.db.DuckDb;
import dev.mxcp.host.db.QueryResult;
import dev.mxcp.host.telemetry.Traced;
import dev.mxcp.host.telemetry.Traces;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The one host object a worker's guest code sees (as {@code _host} in the {@code mxcp} modules); only its
 * {@link HostAccess.Export} methods are visible. Values go out encoded by {@link GuestWire}; failures the
 * guest should be able to catch are returned as a message string, never thrown, because a Java exception
 * cannot be caught by guest code. Public only because the polyglot runtime requires it.
 */
public final class HostBridge {

    /** Where guests' messages go outside a call (hooks, reload payloads). */
    private static final ClientChannel HOST_LOG = ClientChannel.logging("dev.mxcp.guest");

    /** Where a guest's reload requests go: the pool that owns the worker. */
    interface ReloadSink {
        void request(Integer token, String description);
    }

    private final GuestLanguage language;
    private final GuestEnvironment environment;
    private final GuestValues values;
    private ReloadSink reloads;
    private CallerContext caller = CallerContext.NONE;
    private ClientChannel channel;
    private DuckDb sessionOwner;
    /** The worker that runs the SQL functions this bridge's statements call (Python's), or null. */
    private Object functionRunner;
    /** Volatile: a timeout cancels its statement from another thread. */
    private volatile DbSession session;
    /** Spans the guest code opened ({@code telemetry.span}) and has not ended, innermost first. */
    private final ArrayDeque<Traced> spans = new ArrayDeque<>();

    HostBridge(GuestLanguage language, GuestEnvironment environment) {
        this.language = language;
        this.environment = environment;
        this.values = new GuestValues(language);
    }

    ProjectConfig config() {
        return environment.config();
    }

    void runsFunctionsFor(Worker worker) {
        this.functionRunner = worker;
    }

    void reloadsTo(ReloadSink sink) {
        this.reloads = sink;
    }

    /** The call now running in this worker; its caller and channel serve the guest until {@link #endCall()}. */
    void beginCall(CallContext call) {
        this.caller = call.caller();
        this.channel = call.channel();
    }

    void endCall() {
        caller = CallerContext.NONE;
        channel = null;
        while (!spans.isEmpty()) { // spans the guest code left open end with its call
            spans.pop().close();
        }
        if (session != null) {
            try {
                session.reset();
            } catch (RuntimeException e) {
                dropSession();
            }
        }
    }

    /** Cancels the statement the guest is running, if any (the call timed out); safe from any thread. */
    void cancelQuery() {
        DbSession running = session;
        if (running != null) {
            running.cancel();
        }
    }

    /** Closes this worker's connection (the database is about to close, or the worker is). */
    void dropSession() {
        if (session != null) {
            session.close();
        }
        session = null;
        sessionOwner = null;
    }

    // ---- called by guest code -----------------------------------------------------------------------

    /** {@code [isPackage, source, origin]} of a module the host provides, or null. */
    @HostAccess.Export
    public Object moduleSource(String name) {
        GuestLanguage.GuestModule module = language.module(name);
        return module == null ? null : new Object[] {module.isPackage(), module.source(), module.origin()};
    }

    /**
     * A new object of a service registered with {@link GuestServices} ({@code argument} is the factory's), or
     * the message saying why there is none.
     */
    @HostAccess.Export
    public Object service(String name, String argument) {
        try {
            Object made = GuestServices.create(name, argument);
            return made != null ? made : "'" + name + "' is not available in this runtime";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Runs SQL on this worker's connection: {@code [column names, rows]}, or the error message. */
    @HostAccess.Export
    public Object query(String sql, Value params) {
        Map<String, Object> bound;
        try {
            bound = params == null || params.isNull() ? Map.of() : asParameters(values.toJava(params, "params"));
        } catch (MxcpException e) {
            return "Invalid SQL parameters: " + e.getMessage();
        }
        QueryResult result;
        try {
            result = session().execute(sql, bound, caller);
        } catch (MxcpException e) {
            return e.getMessage();
        }
        if (result.columns().isEmpty()) {
            return result.updateCount() < 0 ? new Object[] {new Object[0], new Object[0]}
                    : new Object[] {new Object[] {"Count"}, new Object[] {new Object[] {result.updateCount()}}};
        }
        List<QueryResult.Column> columns = result.columns();
        Object[] names = new Object[columns.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = columns.get(i).name();
        }
        Object[] rows = new Object[result.rows().size()];
        for (int r = 0; r < rows.length; r++) {
            Map<String, Object> row = result.rows().get(r);
            Object[] cells = new Object[names.length];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = GuestWire.encode(row.get((String) names[i]));
            }
            rows[r] = cells;
        }
        return new Object[] {names, rows};
    }

    /** The parameters of secret {@code name} in the active profile (encoded), or null. */
    @HostAccess.Export
    public Object secret(String name) {
        UserConfig.Secret secret = environment.config().userProfile().secret(name);
        return secret == null ? null : GuestWire.encode(secret.parameters());
    }

    @HostAccess.Export
    public Object siteConfig() {
        return GuestWire.encode(environment.config().siteData());
    }

    @HostAccess.Export
    public Object userConfig() {
        return GuestWire.encode(environment.config().userData());
    }

    /**
     * Starts a span of the guest's own under the current one (the guest call's, or a span the guest opened);
     * returns its depth for {@link #endSpan}. Outside a traced call nothing is recorded.
     */
    @HostAccess.Export
    public int startSpan(String name) {
        spans.push(Traces.start(name));
        return spans.size();
    }

    /** An attribute of the innermost open span: a string, number or boolean (anything else as its text). */
    @HostAccess.Export
    public void setSpanAttribute(String key, Value value) {
        Traced span = spans.peek();
        if (span == null || value == null || value.isNull()) {
            return;
        }
        if (value.isBoolean()) {
            span.set(key, value.asBoolean());
        } else if (value.fitsInLong()) {
            span.set(key, value.asLong());
        } else if (value.fitsInDouble()) {
            span.set(key, value.asDouble());
        } else if (value.isString()) {
            span.set(key, value.asString());
        } else {
            span.set(key, value.toString());
        }
    }

    /** Ends the span opened at {@code depth} (and any opened inside it), failed with {@code errorType} unless null. */
    @HostAccess.Export
    public void endSpan(int depth, String errorType) {
        while (spans.size() >= depth && !spans.isEmpty()) {
            Traced span = spans.pop();
            if (errorType != null && spans.size() == depth - 1) {
                span.failed(errorType);
            }
            span.close();
        }
    }

    /** A log message for the current call's client (or the host log outside a call). */
    @HostAccess.Export
    public void log(String level, String message) {
        channel().log(ClientChannel.Level.valueOf(level.toUpperCase(Locale.ROOT)), message);
    }

    @HostAccess.Export
    public void progress(double progress, Double total, String message) {
        if (channel != null) {
            channel.progress(progress, total, message);
        }
    }

    /**
     * Asks the client's model (MCP sampling) and waits: {@code {role, text, model, stop_reason}} encoded, or
     * why there is no answer.
     */
    @HostAccess.Export
    public Object sample(String prompt, int maxTokens, String systemPrompt, Double temperature, String key) {
        try {
            Sampling.Result answer = channel().sample(new Sampling.Request(List.of(Sampling.Message.user(prompt)),
                    maxTokens, systemPrompt, temperature, null, key));
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("role", answer.role());
            fields.put("text", answer.content() instanceof Content.Text text ? text.text() : null);
            fields.put("model", answer.model());
            fields.put("stop_reason", answer.stopReason());
            return GuestWire.encode(fields);
        } catch (ClientRequestException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Asks the user to fill in a form (MCP elicitation) and waits: {@code {action, content}} encoded, or why not. */
    @HostAccess.Export
    public Object elicit(String message, Value schema, String key) {
        try {
            Object requested = values.toJava(schema, "schema");
            if (!(requested instanceof Map<?, ?>)) {
                return "the schema must be a dict (a JSON Schema object)";
            }
            @SuppressWarnings("unchecked")
            Elicitation.Result answer = channel().elicit(new Elicitation.Request(message, (Map<String, Object>) requested,
                    key));
            return GuestWire.encode(Map.of("action", answer.action().name().toLowerCase(Locale.ROOT),
                    "content", answer.content()));
        } catch (ClientRequestException | MxcpException e) {
            return e.getMessage();
        }
    }

    /** Asks the client for its roots (MCP roots/list) and waits: a list of {@code {uri, name}} encoded, or why not. */
    @HostAccess.Export
    public Object listRoots(String key) {
        try {
            List<Map<String, Object>> roots = new java.util.ArrayList<>();
            for (ClientChannel.Root root : channel().listRoots(key)) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("uri", root.uri());
                fields.put("name", root.name());
                roots.add(fields);
            }
            return GuestWire.encode(roots);
        } catch (ClientRequestException e) {
            return e.getMessage();
        }
    }

    private ClientChannel channel() {
        return channel != null ? channel : HOST_LOG;
    }

    /** The caller as MXCP's UserContextModel fields (encoded), or null. */
    @HostAccess.Export
    public Object user() {
        UserContext user = caller.user();
        if (user == null) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("provider", user.provider());
        fields.put("user_id", user.userId());
        fields.put("username", user.username());
        fields.put("email", user.email());
        fields.put("name", user.name());
        fields.put("avatar_url", user.avatarUrl());
        fields.put("raw_profile", user.rawProfile());
        fields.put("external_token", user.externalToken());
        fields.put("capabilities", user.capabilities());
        return GuestWire.encode(fields);
    }

    /**
     * The request's headers, names in lower case (encoded); null when the call has none (stdio, {@code mxcp run}
     * without {@code --request-headers}), as MXCP's {@code get_execution_context().get("request_headers")}.
     */
    @HostAccess.Export
    public Object headers() {
        if (caller.requestHeaders() == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        caller.requestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        return GuestWire.encode(headers);
    }

    /** {@code reload_duckdb()}: token names the payload kept by the shim, or null for none. */
    @HostAccess.Export
    public void requestReload(Integer token, String description) {
        reloads.request(token, description);
    }

    private DbSession session() {
        DuckDb database = environment.database().get();
        if (database != sessionOwner) { // first use, or the database was reopened by a reload
            dropSession();
            session = database.dedicatedSession(functionRunner);
            sessionOwner = database;
        }
        return session;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asParameters(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new MxcpException("expected a dict of $name parameters");
    }
}

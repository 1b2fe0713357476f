package dev.mxcp.host.engine;

import dev.mxcp.guest.ClientChannel;
import dev.mxcp.guest.UserContext;
import dev.mxcp.host.audit.AuditEvent;
import dev.mxcp.host.audit.AuditLog;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.base.PoolSizes;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.ServerSettings;
import dev.mxcp.host.config.SiteConfig;
import dev.mxcp.host.config.UserConfig;
import dev.mxcp.host.db.DbSession;
import dev.mxcp.host.db.DuckDb;
import dev.mxcp.host.db.DuckDbSettings;
import dev.mxcp.host.db.ExtensionSpec;
import dev.mxcp.host.db.QueryResult;
import dev.mxcp.host.db.SecretSpec;
import dev.mxcp.host.endpoint.BuiltInSqlTools;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.EndpointLoader;
import dev.mxcp.host.endpoint.EndpointSet;
import dev.mxcp.host.endpoint.Executable;
import dev.mxcp.host.endpoint.Language;
import dev.mxcp.host.polyglot.GuestEnvironment;
import dev.mxcp.host.polyglot.GuestRuntime;
import dev.mxcp.host.polyglot.ReloadRequest;
import dev.mxcp.host.telemetry.Telemetry;
import dev.mxcp.host.telemetry.SpanKeys;
import dev.mxcp.host.telemetry.Traced;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A loaded project ready to run: its configuration, its endpoints, and what is opened on first use (so that
 * {@code mxcp list} touches neither): its DuckDB database and its guest runtime. Guest code may ask for a
 * reload ({@code reload_duckdb}), which runs alone between calls, and so does a reload of the whole
 * configuration ({@link #reloadConfiguration}: SIGHUP, the admin socket's {@code /reload}).
 */
public final class ProjectRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProjectRuntime.class.getName());

    /** Reads the configuration again for {@link #reloadConfiguration}; null when it cannot be read again. */
    private final Supplier<ProjectConfig> source;
    private volatile ProjectConfig config;
    private volatile ServedEndpoints served;
    private final List<ReloadListener> reloadListeners = new CopyOnWriteArrayList<>();
    private final PromptRenderer prompts = new PromptRenderer();
    private volatile EndpointExecutor executor;
    private final ReloadGate gate = new ReloadGate();
    private volatile AuditLog auditLog;
    /** A configuration reload queued and not started yet: a second request joins it (guarded by reloadRequests). */
    private Reload waitingReload;
    private final Object reloadRequests = new Object();
    private volatile DuckDb database;
    /** The database's connection pool: one connection per core, at least two. */
    private static final int DUCKDB_POOL = Math.max(2, Runtime.getRuntime().availableProcessors());
    private volatile GuestRuntime guests;
    /** While a reload payload runs the database stays closed: it has the file to itself. */
    private boolean reloading;
    private volatile boolean onlyValid;
    private volatile boolean sqlTools;
    private volatile Gateway gateway;
    private Subscription gatewayChanges;
    private final Telemetry telemetry;
    private final CallMetrics metrics;

    private ProjectRuntime(ProjectConfig config, Supplier<ProjectConfig> source) {
        this.config = config;
        this.source = source;
        this.telemetry = Telemetry.start(config.telemetry());
        this.metrics = new CallMetrics(telemetry.meters());
        metrics.pool("duckdb", () -> {
            DuckDb db = database;
            return db != null ? db.poolSizes() : new PoolSizes(DUCKDB_POOL, 0, 0);
        });
        metrics.pool("python", () -> guestPool(Language.PYTHON));
        metrics.pool("javascript", () -> guestPool(Language.JAVASCRIPT));
        metrics.dedicatedConnections(() -> {
            DuckDb db = database;
            return db == null ? 0 : db.dedicatedConnections();
        });
        this.served = ServedEndpoints.of(EndpointLoader.load(config));
        this.executor = new EndpointExecutor(this::database, this::guests, () -> gateway, prompts, config.site().sql(),
                metrics);
    }

    /**
     * Loads the project's endpoints; the database opens lazily. Its configuration cannot be read again
     * ({@link #load} can).
     */
    public static ProjectRuntime open(ProjectConfig config) {
        return new ProjectRuntime(config, null);
    }

    /**
     * Loads the project at {@code root} ({@link ProjectConfig#load}) and its endpoints; a
     * {@linkplain #reloadConfiguration reload} reads the files again the same way, keeping the profile chosen now.
     */
    public static ProjectRuntime load(Path root, ProjectConfig.Overrides overrides, Map<String, String> env) {
        ProjectConfig config = ProjectConfig.load(root, overrides, env);
        ProjectConfig.Overrides again = new ProjectConfig.Overrides(config.profileName(), overrides.readOnly());
        return new ProjectRuntime(config, () -> ProjectConfig.load(root, again, env));
    }

    public ProjectConfig config() {
        return config;
    }

    /**
     * The settings to serve or run this project with (see {@link ServerSettings#resolve}), after failing closed:
     * throws, naming the file and key, when the configuration or an endpoint asks for something this runtime
     * does not apply yet. The one path by which {@code mxcp serve} and the embedding builder start
     * ({@code run}, {@code test} and {@code query}, which serve nothing, call {@link #requireSupported()}).
     */
    public ServerSettings settings(ServerSettings.Overrides overrides) {
        requireSupported();
        return ServerSettings.resolve(config, overrides);
    }

    /**
     * Fails closed: throws, naming the file and key, when the configuration ({@link ProjectConfig#requireSupported})
     * asks for what this runtime does not apply yet.
     */
    public void requireSupported() {
        config.requireSupported();
    }

    /** Everything loaded as last loaded, enabled or not, and the files that failed: {@code served().loaded()}. */
    public EndpointSet endpoints() {
        return served.loaded();
    }

    /** What is served, as last loaded (see {@link #reloadEndpoints()}): the one place endpoints are looked up. */
    public ServedEndpoints served() {
        return served;
    }

    /**
     * Loads the endpoint files again, e.g. after they changed while serving ({@link EndpointWatcher}), and tells
     * the {@linkplain #onEndpointsReloaded listeners}. Calls already running finish with the definitions they
     * started with. (Python modules already imported by workers are not reloaded.)
     *
     * @return the new view, also returned by {@link #served()} from now on
     */
    public synchronized ServedEndpoints reloadEndpoints() {
        ServedEndpoints after = view(config, EndpointLoader.load(config));
        publish(after);
        return after;
    }

    /** Serves {@code after} from now on and tells the listeners. */
    private synchronized void publish(ServedEndpoints after) {
        ServedEndpoints before = served;
        served = after;
        for (ReloadListener listener : reloadListeners) {
            try {
                listener.reloaded(before, after);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A listener of endpoint reloads failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * From now on, and after each reload, an enabled endpoint that fails {@code mxcp validate} is not served but
     * counted among the {@linkplain EndpointSet#errors() errors}, as MXCP's server skips it ({@code mxcp serve}).
     */
    public synchronized void serveOnlyValidEndpoints() {
        onlyValid = true;
        served = view(config, served.loaded());
    }

    /**
     * From now on, and after each reload, MXCP's built-in SQL tools are served beside the project's endpoints
     * (a project endpoint of the same name wins, with a warning), with the descriptions of the site file's
     * {@code sql_tools} section.
     */
    public synchronized void serveSqlTools() {
        sqlTools = true;
        served = view(config, served.loaded());
    }

    /**
     * From now on, and after each reload, the endpoints of {@code gateway} are served after the project's own and
     * the built-in SQL tools (which win a name they share), and the view is rebuilt whenever the gateway's change,
     * so that MCP sessions hear {@code list_changed}. The gateway is the caller's to close, after this runtime.
     */
    public synchronized void serveGateway(Gateway gateway) {
        if (this.gateway != null) {
            throw new IllegalStateException("a gateway is served already");
        }
        this.gateway = gateway;
        this.gatewayChanges = gateway.onChange(this::gatewayChanged);
        served = view(config, served.loaded());
    }

    private synchronized void gatewayChanged() {
        publish(view(config, served.loaded()));
    }

    private ServedEndpoints view(ProjectConfig config, EndpointSet loaded) {
        EndpointSet valid = !onlyValid ? loaded
                : loaded.withInvalid(new Validation(config, loaded, this::database, prompts).invalidEnabled());
        Gateway upstream = gateway;
        if (!sqlTools && upstream == null) {
            return ServedEndpoints.of(valid);
        }
        List<Endpoint> sql = sqlTools ? BuiltInSqlTools.endpoints(config.site().sqlTools()) : List.of();
        List<Endpoint> builtIns = new ArrayList<>(sql);
        if (upstream != null) {
            builtIns.addAll(upstream.endpoints());
        }
        ServedEndpoints view = ServedEndpoints.of(valid, builtIns);
        sql.stream().filter(tool -> !view.builtIn().contains(tool)).forEach(tool -> LOG.log(
                System.Logger.Level.WARNING, "The project's own " + tool.label() + " is served in place of the built-in"
                        + " SQL tool of that name"));
        return view;
    }

    /**
     * A reload of the configuration, as MXCP's on SIGHUP: once the calls in flight have finished (calls
     * arriving meanwhile wait, none fails), the site file, the profile, the user configuration and its
     * references ({@code ${VAR}}, {@code file://}) are read again; the guest workers stop (shutdown hooks), the
     * database closes and opens with the new settings (secrets), the endpoint files load again and new workers
     * start (init hooks). A configuration that fails to load, asks for what this runtime does not apply, or whose
     * database does not open is refused with one line, and the previous one keeps serving. Settings fixed at
     * start (the {@code transport} section, {@code auth}, the admin socket, telemetry) are logged, once, as needing a restart.
     * A request while another is queued joins it; while one runs, the configuration is read again after it.
     *
     * @param trigger what asked, for the log ({@code SIGHUP}, {@code admin socket})
     * @throws MxcpException when this runtime was {@linkplain #open opened} from a configuration it cannot read again
     */
    public Reload reloadConfiguration(String trigger) {
        if (source == null) {
            throw new MxcpException("this project's configuration cannot be read again: it was opened from a"
                    + " loaded configuration (ProjectRuntime.load reads the files)");
        }
        synchronized (reloadRequests) {
            if (waitingReload != null) {
                LOG.log(System.Logger.Level.WARNING, trigger + " while a reload waits for calls to finish: it joins"
                        + " that reload");
                return waitingReload;
            }
            if (gate.status().inProgress()) {
                LOG.log(System.Logger.Level.WARNING, trigger + " while a reload runs: the configuration is read again"
                        + " after it");
            }
            String id = UUID.randomUUID().toString();
            CompletableFuture<Void> done = new CompletableFuture<>();
            Reload reload = new Reload(id, done);
            waitingReload = reload;
            gate.schedule(() -> {
                synchronized (reloadRequests) {
                    waitingReload = null;
                }
                reloadConfiguration(config, trigger);
            }).whenComplete((ok, failure) -> {
                metrics.reloaded(failure == null, config.profileName());
                if (failure == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(failure);
                }
            });
            return reload;
        }
    }

    /**
     * A requested configuration reload.
     *
     * @param id MXCP's reload request id
     * @param done completes when the reload has run; exceptionally with its one line when it was refused
     */
    public record Reload(String id, CompletableFuture<Void> done) {
    }

    /** Where reloads stand: queued or running, draining calls, the calls running, the last one's outcome. */
    public ReloadStatus reloadStatus() {
        return gate.status();
    }

    /** The body of {@link #reloadConfiguration(String)}, run alone by the gate. */
    private void reloadConfiguration(ProjectConfig before, String trigger) {
        ProjectConfig after;
        try {
            after = source.get();
            after.requireSupported();
        } catch (MxcpException e) {
            throw refused(trigger, e.getMessage());
        }
        boolean guestsWereRunning = closeGuestsAndDatabase();
        DuckDb opened;
        try {
            opened = DuckDb.open(settings(after));
        } catch (RuntimeException e) {
            throw refused(trigger, "the database does not open: " + e.getMessage());
        }
        synchronized (this) {
            database = opened;
            config = after;
            EndpointExecutor previous = executor;
            executor = new EndpointExecutor(this::database, this::guests, () -> gateway, prompts, after.site().sql(),
                    metrics);
            previous.close();
            publish(view(after, EndpointLoader.load(after)));
        }
        List<String> fixed = new ArrayList<>();
        if (!Objects.equals(before.user().transport(), after.user().transport())) {
            fixed.add("transport");
        }
        if (!Objects.equals(before.userProfile().auth(), after.userProfile().auth())) {
            fixed.add("auth");
        }
        if (!Objects.equals(before.adminSocket(), after.adminSocket())) {
            fixed.add("the admin socket");
        }
        if (!Objects.equals(before.audit(), after.audit())) {
            fixed.add("the audit log");
        }
        if (before.site().sqlTools().enabled() != after.site().sqlTools().enabled()) {
            fixed.add("sql_tools.enabled");
        }
        if (!Objects.equals(before.telemetry(), after.telemetry())) {
            fixed.add("telemetry");
        }
        if (!Objects.equals(before.site().gateway(), after.site().gateway())) {
            fixed.add("gateway");
        }
        if (!fixed.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "The reloaded configuration changes " + String.join(" and ", fixed)
                    + ", which apply at start: restart to apply");
        }
        LOG.log(System.Logger.Level.INFO, "Reloaded the configuration (" + trigger + ")");
        if (guestsWereRunning) {
            prestartGuests();
        }
    }

    private static MxcpException refused(String trigger, String problem) {
        return new MxcpException("Reload (" + trigger + ") refused, still serving the previous configuration: " + problem);
    }

    /**
     * Calls {@code listener} after each {@link #reloadEndpoints()}, on the reloading thread, one reload at a
     * time, until the returned subscription is closed.
     */
    public Subscription onEndpointsReloaded(ReloadListener listener) {
        reloadListeners.add(listener);
        return () -> reloadListeners.remove(listener);
    }

    /** Hears that the endpoint files were loaded again: the views before and after. */
    @FunctionalInterface
    public interface ReloadListener {
        void reloaded(ServedEndpoints before, ServedEndpoints after);
    }

    /** A registered listener; closing it unregisters it. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The project's database, opened with the profile's settings on first use.
     *
     * @throws MxcpException while a reload has it closed (only code run by the reload can ask then)
     */
    public DuckDb database() {
        DuckDb db = database;
        if (db != null) {
            return db;
        }
        synchronized (this) {
            if (reloading) {
                throw new MxcpException("The database is closed while a reload runs");
            }
            if (database == null) {
                // the plugins' @udf methods are defined on every connection, run by the guest runtime
                database = DuckDb.open(settings(config), config.site().plugin().isEmpty() ? null : guests().sqlFunctions());
            }
            return database;
        }
    }

    /**
     * Runs one call of an endpoint found in {@link #served()}; it waits while a reload runs. A served call (its
     * context has an origin) {@linkplain #recordCalls recorded in an audit log} returns, or throws, only once
     * its record is written. Every call is one trace (continuing the caller's trace context: a modern request's
     * {@code _meta}, else the {@code traceparent} header) when
     * tracing is on, is counted in MXCP's endpoint metrics, and a served one (with an origin) that failed or was
     * slow gets a log line ({@code mxcp run} reports its one call itself).
     *
     * @throws MxcpException for bad arguments, a failing call or a refused endpoint, with a one-line message
     */
    public CallResult call(Call call) {
        Endpoint endpoint = call.target().endpoint();
        String name = endpoint.key();
        String type = endpoint.kind().yamlName();
        CallContext context = call.context();
        CallContext.Origin origin = context.origin();
        String caller = origin == null ? "cli" : origin.callerType();
        UserContext user = context.caller().user();
        PolicyCheck policies = new PolicyCheck(endpoint, user, metrics);
        AuditLog audit = origin == null ? null : auditLog;
        if (audit != null) {
            audit.requireWritable();
        }
        long start = System.nanoTime();
        AtomicInteger running = metrics.started(name, type);
        Map<String, String> traceContext = origin == null || origin.traceContext().isEmpty()
                ? context.caller().requestHeaders() : origin.traceContext();
        try (Traced span = telemetry.startCall("mxcp.endpoint.execute", traceContext)) {
            span.set(SpanKeys.ENDPOINT_NAME, name).set(SpanKeys.ENDPOINT_TYPE, type).set(SpanKeys.AUTHENTICATED, user != null);
            if (user != null) {
                span.set(SpanKeys.AUTH_PROVIDER, user.provider());
            }
            if (origin != null) {
                span.set(SpanKeys.SESSION_ID, origin.sessionId());
            }
            CallResult result;
            try {
                result = gate.call(() -> executor.execute(call, policies));
            } catch (RuntimeException | Error e) {
                running.decrementAndGet();
                String kind = errorType(e, policies);
                long nanos = System.nanoTime() - start;
                traced(span, policies).failed(kind);
                metrics.finished(name, type, caller, policies.decision(), kind, nanos);
                if (origin != null) {
                    CallLog.failed(endpoint.label(), caller, kind, nanos, span.traceId());
                }
                if (audit != null) {
                    try {
                        audit.record(event(call, policies, start, null,
                                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), span.traceId()));
                    } catch (MxcpException unwritten) {
                        e.addSuppressed(unwritten);
                    }
                }
                throw e;
            }
            running.decrementAndGet();
            long nanos = System.nanoTime() - start;
            traced(span, policies);
            metrics.finished(name, type, caller, policies.decision(), null, nanos);
            if (origin != null) {
                CallLog.succeeded(endpoint.label(), caller, nanos, span.traceId());
            }
            if (audit != null) {
                audit.record(event(call, policies, start, result.plain(), null, span.traceId())); // the answer waits for its record
            }
            return result;
        }
    }

    private static Traced traced(Traced span, PolicyCheck policies) {
        if (policies.decision() != null) {
            span.set(SpanKeys.POLICY_DECISION, policies.decision())
                    .set(SpanKeys.POLICY_RULES_EVALUATED, policies.evaluated().size());
        }
        return span;
    }

    /** MXCP's {@code error_type}: the kind of failure, never its message (which may quote a value). */
    private static String errorType(Throwable e, PolicyCheck policies) {
        return "deny".equals(policies.decision()) ? "PolicyEnforcementError" : e.getClass().getSimpleName();
    }

    private static AuditEvent event(Call call, PolicyCheck policies, long start, Object output, String error,
                                    String traceId) {
        UserContext user = call.context().caller().user();
        return new AuditEvent(call.target().endpoint().definition(), Instant.now(), (System.nanoTime() - start) / 1_000_000,
                call.context().origin(), user == null ? null : user.userId(), call.arguments(), output, error,
                policies.evaluated(), policies.decision(), policies.reason(), traceId);
    }

    /** This runtime's traces and metrics: the registry every part records into, served at {@code /metrics}. */
    public Telemetry telemetry() {
        return telemetry;
    }

    /**
     * Records every served call (those whose context has an {@link CallContext.Origin origin}) in {@code log}
     * until the returned subscription is closed; the log's owner closes it afterwards.
     */
    public Subscription recordCalls(AuditLog log) {
        auditLog = log;
        return () -> auditLog = null;
    }

    /**
     * Suggestions for an argument of a prompt or resource template from the guest code's completion hooks
     * ({@link GuestRuntime#complete}); empty when no hook is registered for it. A {@code CompletionProvider}.
     */
    public Optional<List<String>> complete(Endpoint endpoint, String argument, String value, Map<String, String> context) {
        return gate.call(() -> guests().complete(endpoint, argument, value, context));
    }

    /**
     * Runs a standalone Python or JavaScript file ({@code mxcp exec}) in this project's guest runtime, where
     * {@code mxcp.runtime} reaches the project; see {@link GuestRuntime#runScript}.
     */
    public int runScript(Language language, Path file, String source, List<String> args, ClientChannel output) {
        return gate.call(() -> guests().runScript(language, file, source, args, output));
    }

    /** Runs SQL with {@code $name} parameters against the database. */
    public QueryResult query(String sql, Map<String, Object> params) {
        return gate.call(() -> {
            try (DbSession session = database().session()) {
                return session.execute(sql, params);
            }
        });
    }

    /**
     * Starts a worker for each guest language the endpoints use, in the background: a server does this before
     * it listens, so the first call finds its worker (nearly) ready.
     */
    public void prestartGuests() {
        Set<Language> languages = EnumSet.noneOf(Language.class);
        for (Endpoint endpoint : endpoints().all()) {
            if (endpoint.definition() instanceof Executable code && code.language() != Language.SQL) {
                languages.add(code.language());
            }
        }
        if (!languages.isEmpty()) {
            guests().prestart(languages);
        }
    }

    private PoolSizes guestPool(Language language) {
        GuestRuntime running = guests;
        return running != null ? running.poolSizes(language) : new PoolSizes(GuestRuntime.workers(config, language), 0, 0);
    }

    private synchronized GuestRuntime guests() {
        if (guests == null) {
            guests = GuestRuntime.create(new GuestEnvironment(config, this::database,
                    request -> gate.schedule(() -> reload(request))));
        }
        return guests;
    }

    /**
     * MXCP's reload, run alone by the gate: shutdown hooks, database closed, the payload with the file to
     * itself, then init hooks (the database reopens on first use).
     */
    private void reload(ReloadRequest request) {
        LOG.log(System.Logger.Level.INFO, "Reloading: " + (request.description().isBlank() ? "reload_duckdb()" : request.description()));
        GuestRuntime running;
        synchronized (this) {
            running = guests;
        }
        if (running != null) {
            running.suspend();
        }
        synchronized (this) {
            closeDatabase();
            reloading = true;
        }
        try {
            if (request.payload() != null) {
                request.payload().run();
            }
        } finally {
            synchronized (this) {
                reloading = false;
            }
        }
        if (running != null) {
            running.resume();
        }
    }

    /** Validates every endpoint, or only those defined in {@code file}. */
    public List<Validation.Result> validate(Path file) {
        return new Validation(config, endpoints(), this::database, prompts).run(file);
    }

    /** Runs the YAML tests of the selected endpoints (all when kind and name are null). */
    public List<TestRunner.Outcome> runTests(EndpointDef.Kind kind, String name, UserContext user,
                                             Map<String, String> headers) {
        return new TestRunner(this).run(kind, name, user, headers);
    }

    /**
     * The YAML tests of the selected endpoints, per endpoint (those without tests too); with kind and name null,
     * every enabled endpoint and the files that failed to load.
     */
    public List<TestRunner.Suite> runTestSuites(EndpointDef.Kind kind, String name, UserContext user,
                                                Map<String, String> headers) {
        return new TestRunner(this).suites(kind, name, user, headers);
    }

    /**
     * Waits for a pending reload, runs the guests' shutdown hooks, then closes the database; every thread the
     * runtime started stops.
     */
    @Override
    public void close() {
        Subscription changes = gatewayChanges;
        if (changes != null) {
            changes.close();
        }
        gate.close();
        executor.close();
        closeGuestsAndDatabase();
        telemetry.close(); // last: the spans of the calls that just ended go out
    }

    /** Closes the database if it is open; the next {@link #database()} opens it again (unless a reload runs). */
    /** The guests first (their workers hold connections), then the database; whether guests were running. */
    private boolean closeGuestsAndDatabase() {
        GuestRuntime running;
        synchronized (this) {
            running = guests;
            guests = null;
        }
        if (running != null) {
            running.close();
        }
        closeDatabase();
        return running != null;
    }

    private synchronized void closeDatabase() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    private static DuckDbSettings settings(ProjectConfig config) {
        List<ExtensionSpec> extensions = config.site().extensions().stream()
                .map((SiteConfig.Extension e) -> new ExtensionSpec(e.name(), e.repo())).toList();
        List<SecretSpec> secrets = config.userProfile().secrets().stream()
                .map((UserConfig.Secret s) -> new SecretSpec(s.name(), s.type(), s.parameters())).toList();
        return new DuckDbSettings(config.databasePath(), config.readOnly(), DUCKDB_POOL, extensions, secrets, config.root());
    }
}

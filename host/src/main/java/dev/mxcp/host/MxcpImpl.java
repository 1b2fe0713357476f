package dev.mxcp.host;

import dev.mxcp.host.admin.AdminApi;
import dev.mxcp.host.admin.AdminSocket;
import dev.mxcp.host.audit.AuditLog;
import dev.mxcp.host.auth.ResourceServer;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.ServerSettings;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.engine.EndpointWatcher;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.mcp.CompletionProvider;
import dev.mxcp.host.mcp.McpOptions;
import dev.mxcp.host.mcp.McpServer;
import dev.mxcp.host.mcp.RateLimit;
import dev.mxcp.host.mcp.RequestState;
import dev.mxcp.host.transport.AuthorizationEndpoints;
import dev.mxcp.host.transport.HttpOptions;
import dev.mxcp.host.transport.LegacySse;
import dev.mxcp.host.transport.Probes;
import dev.mxcp.host.transport.ResourceMetadata;
import dev.mxcp.host.transport.Stdio;
import dev.mxcp.host.transport.StreamableHttp;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one implementation of {@link Mxcp}: a runtime, its MCP server, the HTTP service, a file watcher, and the
 * audit log when the profile enables it, the admin socket when {@code MXCP_ADMIN_ENABLED} asks for it.
 */
final class MxcpImpl implements Mxcp {

    /** What the builder hands over. */
    record Parts(ProjectRuntime runtime, boolean ownsRuntime, ServerSettings settings,
                 List<CompletionProvider> completions, RequestState requestState) {
    }

    /** Sessions unused this long are ended: HTTP clients may vanish without DELETE. */
    private static final Duration SESSION_IDLE = Duration.ofMinutes(30);

    private final ProjectRuntime runtime;
    private final ServerSettings settings;
    private final boolean ownsRuntime;
    private final McpServer server;
    private final ResourceServer auth;
    private final StreamableHttp http;
    private final EndpointWatcher watcher;
    private final ScheduledExecutorService sweeper;
    private final AuditLog audit;
    private final ProjectRuntime.Subscription auditing;
    private final AdminSocket admin;
    /** The MCP Manager of the site file's {@code gateway} section and its servers served as endpoints; else null. */
    private final Upstreams upstreams;
    private final AtomicBoolean closed = new AtomicBoolean();

    MxcpImpl(Parts parts) {
        this.runtime = parts.runtime();
        this.ownsRuntime = parts.ownsRuntime();
        this.settings = parts.settings();
        // first: a log that cannot be written stops the start before any thread runs
        this.audit = runtime.config().audit().enabled() ? AuditLog.open(runtime.config().audit()) : null;
        this.auditing = audit == null ? null : runtime.recordCalls(audit);
        if (settings.sqlTools()) {
            runtime.serveSqlTools();
        }
        this.upstreams = runtime.config().site().gateway().enabled() ? Upstreams.start(runtime) : null;
        this.server = McpServer.create(runtime, McpOptions.of(runtime.config().site().project(), version())
                .withToolCallLimit(RateLimit.of(settings)).withRequestState(parts.requestState()), parts.completions());
        this.auth = ResourceServer.of(runtime.config(), settings, runtime.telemetry().meters());
        this.http = StreamableHttp.create(server, HttpOptions.of(settings), auth);
        this.watcher = settings.watch() ? startWatcher() : null;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mxcp-session-sweeper").factory());
        sweeper.scheduleWithFixedDelay(() -> server.expireIdle(SESSION_IDLE), 1, 1, TimeUnit.MINUTES);
        this.admin = openAdminSocket();
        // MXCP's start marker: which version serves which project, profile and transport
        Counter.builder("mxcp.up").description("MXCP server started").tags("version", String.valueOf(version()),
                "profile", runtime.config().profileName(), "project", String.valueOf(runtime.config().site().project()),
                "transport", settings.transport()).register(runtime.telemetry().meters()).increment();
    }

    /** Last, so that a socket that cannot be opened stops what the constructor started (the caller closes the runtime). */
    private AdminSocket openAdminSocket() {
        Path path = runtime.config().adminSocket();
        if (path == null) {
            return null;
        }
        try {
            return AdminSocket.open(path, new AdminApi(runtime, settings.transport(), version(), path, Instant.now()));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** The version from the jar manifest, or "dev" when running from classes. */
    static String version() {
        return ProjectConfig.version();
    }

    /** After the server: it hears of reloads from the runtime, which the watcher triggers. */
    private EndpointWatcher startWatcher() {
        try {
            return EndpointWatcher.start(runtime);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public HttpService httpService() {
        return http;
    }

    /**
     * Always {@code /metrics} and {@code /health} (first, so that an MCP service mounted at the root does not take
     * them); with authentication on, also the protected-resource metadata at its well-known path, and in issuer
     * mode the OAuth endpoints at the root.
     */
    @Override
    public HttpRouting.Builder mount(HttpRouting.Builder routing, String path) {
        routing.register(new Probes(runtime.telemetry(), HttpOptions.of(settings), server::accepting));
        if (auth != null) {
            routing.register(ResourceServer.METADATA_PATH, new ResourceMetadata(auth));
            if (auth.authorizationServer() != null) {
                routing.register(new AuthorizationEndpoints(auth, HttpOptions.of(settings)));
            }
        }
        if (settings.transport().equals(ServerSettings.SSE)) {
            return routing.register(path.isEmpty() ? "/" : path, LegacySse.create(server, HttpOptions.of(settings), auth, path));
        }
        return routing.register(path, http);
    }

    @Override
    public Object call(String tool, Map<String, ?> arguments) {
        return runtime.call(runtime.served().require(EndpointDef.Kind.TOOL, tool)
                .call(arguments, new CallContext(CallerContext.NONE, null, null, CallContext.Origin.API), true)).plain();
    }

    @Override
    public void serveStdio(InputStream in, OutputStream out) throws IOException {
        Stdio.serve(server, in, out, settings.maxRequestBytes(), settings.drainTime());
    }

    @Override
    public ServerSettings settings() {
        return settings;
    }

    @Override
    public boolean drain(Duration timeout) {
        return server.drain(timeout);
    }

    /**
     * Stops everything the instance started (the caller's runtime excepted), once: no thread of this
     * instance is left running when it returns.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (admin != null) {
            admin.close();
        }
        stop();
        if (ownsRuntime) {
            runtime.close();
        }
    }

    /** Stops the watcher, the MCP server, the HTTP service and the session sweeper. */
    private void stop() {
        if (watcher != null) {
            watcher.close();
        }
        server.close();
        http.close();
        sweeper.shutdownNow();
        try {
            sweeper.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (upstreams != null) {
            upstreams.close();
        }
        if (audit != null) { // after the server: every call it ran is recorded
            auditing.close();
            audit.close();
        }
    }
}

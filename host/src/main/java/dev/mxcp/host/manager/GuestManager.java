package dev.mxcp.host.manager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.polyglot.GuestServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.graalvm.polyglot.HostAccess;

/**
 * One {@link McpManager} as guest code sees it: the host object behind Python's {@code PyMcpManager} and
 * JavaScript's {@code McpManager} (guest-api's {@code mxcp/manager.py} and {@code mxcp/js/manager.mjs}).
 * Every method answers {@code [error kind, message, value]}: a Java exception cannot be caught by guest code,
 * so the guest raises from the kind ({@code "value"} for Python's ValueError, else {@code "runtime"}).
 *
 * <p>The optional configuration file ({@code config_path}, else {@code MXCP_MANAGER_CONFIG}) is a
 * {@link ManagerConfigFile}: its servers are deployed by {@code start()}.
 */
public final class GuestManager {

    /** The environment variable naming the configuration file used when the guest gives none. */
    public static final String CONFIG_ENV = "MXCP_MANAGER_CONFIG";

    private final McpManager manager;
    private final Map<String, JsonNode> servers;

    private GuestManager(McpManager manager, Map<String, JsonNode> servers) {
        this.manager = manager;
        this.servers = servers;
    }

    /** Offers guest code a new manager per {@code _host.service("mcp_manager", configPath)}. */
    public static void offerToGuests(Map<String, String> env) {
        GuestServices.register("mcp_manager", configPath -> create(configPath, env));
    }

    static GuestManager create(String configPath, Map<String, String> env) {
        String path = configPath == null || configPath.isBlank() ? env.get(CONFIG_ENV) : configPath;
        Map<String, JsonNode> servers = path == null || path.isBlank() ? Map.of() : ManagerConfigFile.read(Path.of(path));
        return new GuestManager(McpManager.builder().environment(env).build(), servers);
    }

    @HostAccess.Export
    public Object[] start() {
        return answer(() -> {
            manager.start();
            servers.forEach(manager::deployServer);
            return null;
        });
    }

    @HostAccess.Export
    public Object[] stop() {
        return answer(() -> {
            manager.close();
            return null;
        });
    }

    @HostAccess.Export
    public Object[] deployServer(String serverId, String configJson) {
        return answer(() -> {
            manager.deployServer(serverId, configJson);
            return null;
        });
    }

    @HostAccess.Export
    public Object[] undeployServer(String serverId) {
        return answer(() -> {
            manager.undeployServer(serverId);
            return null;
        });
    }

    @HostAccess.Export
    public Object[] execute(String serverId, String requestJson) {
        return answer(() -> manager.execute(serverId, requestJson));
    }

    @HostAccess.Export
    public Object[] getServerState(String serverId) {
        return answer(() -> manager.getServerState(serverId).label());
    }

    /** {@code [total, healthy, degraded, unhealthy, average ms]}. */
    @HostAccess.Export
    public Object[] getHealthStatus() {
        return answer(() -> {
            HealthStatus h = manager.getHealthStatus();
            return new Object[] {h.totalServers(), h.healthyServers(), h.degradedServers(), h.unhealthyServers(),
                    h.averageResponseTimeMs()};
        });
    }

    /** Per server {@code [id, name, server type, state, priority, tags[], instances, circuit state, avg ms, p95 ms]}. */
    @HostAccess.Export
    public Object[] listServers() {
        return answer(() -> {
            List<Object> rows = new ArrayList<>();
            for (ServerInfo s : manager.listServers()) {
                rows.add(new Object[] {s.id(), s.name(), s.serverType(), s.state().label(), s.priority(),
                        s.tags().toArray(), s.instances(), s.circuitState().label(), s.averageResponseTimeMs(),
                        s.p95ResponseTimeMs()});
            }
            return rows.toArray();
        });
    }

    @HostAccess.Export
    public Object[] scaleServer(String serverId, int instances) {
        return answer(() -> {
            manager.scaleServer(serverId, instances);
            return null;
        });
    }

    @HostAccess.Export
    public Object[] exportPrometheusMetrics() {
        return answer(manager::exportPrometheusMetrics);
    }

    /**
     * Starts {@code execute} without waiting (JavaScript's promises poll it from their own thread, which
     * must not block): a handle whose {@code poll()} answers null until the call is over.
     */
    @HostAccess.Export
    public Pending executeLater(String serverId, String requestJson) {
        CompletableFuture<String> future;
        try {
            future = manager.executeAsync(serverId, requestJson);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        return new Pending(future);
    }

    /** A call in flight, for guests that must not block their thread. */
    public static final class Pending {
        private final CompletableFuture<String> future;

        Pending(CompletableFuture<String> future) {
            this.future = future;
        }

        /** Null while running, then the same answer {@code execute} gives. */
        @HostAccess.Export
        public Object[] poll() {
            if (!future.isDone()) {
                return null;
            }
            return answer(future::join);
        }
    }

    private static Object[] answer(Supplier<Object> body) {
        try {
            return new Object[] {null, null, body.get()};
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            boolean invalid = cause instanceof McpManagerException m && m.kind().invalidArgument();
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return new Object[] {invalid ? "value" : "runtime", message, null};
        }
    }
}

package dev.mxcp.host.manager;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Many MCP servers held by one process: deploy them by id, call them through {@link #execute}, and read their
 * health, circuit state and metrics. Thread-safe; deploy, undeploy and scale never drop a request in flight.
 *
 * <pre>{@code
 * try (McpManager manager = McpManager.create()) {
 *     manager.start();
 *     manager.deployServer("docs", """
 *         {"name": "docs", "server_type": "search", "url": "http://127.0.0.1:8001",
 *          "auth": {"type": "bearer", "token": "..."}, "priority": 10, "tags": ["prod"]}""");
 *     JsonNode result = manager.execute("docs", Json.parse("{\"method\": \"search\", \"params\": {\"q\": \"x\"}}"));
 * }
 * }</pre>
 *
 * Server config keys (JSON, snake_case): {@code name} (default: the id), {@code server_type} (default
 * {@code generic}), {@code url} (a remote Streamable HTTP server; no path means {@code /mcp}), {@code auth}
 * ({@code {"type": "none"}}, {@code {"type": "api_key", "key": .., "header": "X-API-Key"}} or
 * {@code {"type": "bearer", "token": ..}}), {@code priority} (0-255, default 0), {@code tags} (default none),
 * {@code instances} (sessions to balance over, default 1), {@code timeouts} ({@code connect} 5, {@code request}
 * 30 seconds), {@code health_check} ({@code interval} 60 s, 0 for none; {@code timeout} 5 s;
 * {@code unhealthy_threshold} 3 failures; {@code window} 60 s; {@code degraded_error_rate} 0.1;
 * {@code degraded_latency_ms} 2000) and {@code circuit_breaker} ({@code error_rate} 0.5 over the last
 * {@code min_calls} 10 calls; {@code consecutive_failures} 5; {@code cooldown} 60 s). Instead of {@code url} and
 * {@code auth}, {@code project} (a directory) and optionally {@code profile} run a local MXCP project in-process,
 * its instances being sessions on one runtime; {@code command}, {@code args} and {@code env} run a stdio server as
 * a child process per instance, when the builder allows processes.
 *
 * <p>Every failure is a {@link McpManagerException} whose kind tells a bad config, an unknown or duplicate id, a
 * JSON-RPC error, a tool error, a timeout, an open circuit and an unreachable server apart.
 */
public interface McpManager extends AutoCloseable {

    /** A manager with its own Prometheus registry. */
    static McpManager create() {
        return builder().build();
    }

    static Builder builder() {
        return new McpManagerImpl.BuilderImpl();
    }

    /** Starts the health checks; deploying and executing need a started manager. Starting twice is harmless. */
    void start();

    /** Undeploys every server (their requests in flight finish first) and stops the health checks. */
    void stop();

    /**
     * Deploys a server under {@code serverId} from its JSON config (see the class comment). Loads a local project;
     * does not contact a remote server: sessions open on first use, and the first health check starts now.
     */
    void deployServer(String serverId, String configJson);

    /** As {@link #deployServer(String, String)}, the config as a JSON tree. */
    void deployServer(String serverId, JsonNode config);

    /** Removes a server: new requests see an unknown id; requests in flight finish, then its sessions close. */
    void undeployServer(String serverId);

    /**
     * Sends a request: {@code {"method": "tools/list"}} or any other MCP method with its {@code params} as
     * JSON-RPC, or {@code {"method": "some_tool", "params": {..}}} as a {@code tools/call} of that tool with
     * {@code params} as its arguments.
     *
     * @return the JSON-RPC result
     */
    JsonNode execute(String serverId, JsonNode request);

    /** As {@link #execute(String, JsonNode)}, with JSON text in and out. */
    String execute(String serverId, String requestJson);

    /** The server's health state. */
    ServerState getServerState(String serverId);

    /** Counts of servers by state and their mean response time. */
    HealthStatus getHealthStatus();

    /** The deployed servers, by id. */
    List<ServerInfo> listServers();

    /** Sets how many instances (sessions of a remote server) the server's requests are balanced over. */
    void scaleServer(String serverId, int instances);

    /** The registry's meters, the manager's among them, in the Prometheus text format. */
    String exportPrometheusMetrics();

    /**
     * The servers (those with one of {@code tags}; all when empty) as endpoints that an MXCP runtime serves beside
     * its own ({@link dev.mxcp.host.engine.ProjectRuntime#serveGateway}): tools, prompts and resources named
     * {@code <server id>__<name>} ({@link McpGateway#SEPARATOR}), resources keeping their URIs; a higher
     * {@code priority} wins a name or URI two servers share. Their lists are read when a server is deployed (again
     * until they could be read); calls go through {@link #execute}'s breaker, health and meters.
     *
     * @param policies by served name ({@code docs__search}, a resource's namespaced name): that endpoint's
     *     policies; by server id: those of the server's other endpoints
     */
    McpGateway gateway(java.util.Collection<String> tags, java.util.Map<String, dev.mxcp.host.endpoint.Policies> policies);

    /** The registry the manager records in (for a {@code /metrics} endpoint sharing it). */
    MeterRegistry meterRegistry();

    CompletableFuture<Void> startAsync();

    CompletableFuture<Void> stopAsync();

    CompletableFuture<Void> deployServerAsync(String serverId, String configJson);

    CompletableFuture<Void> undeployServerAsync(String serverId);

    CompletableFuture<JsonNode> executeAsync(String serverId, JsonNode request);

    CompletableFuture<String> executeAsync(String serverId, String requestJson);

    CompletableFuture<Void> scaleServerAsync(String serverId, int instances);

    /** {@link #stop()}. */
    @Override
    void close();

    /** Settings of a manager. */
    interface Builder {

        /**
         * The registry to record in, e.g. one a {@code /metrics} endpoint also serves (default: a new
         * PrometheusMeterRegistry). {@link #exportPrometheusMetrics()} needs a PrometheusMeterRegistry, given
         * directly or inside a CompositeMeterRegistry.
         */
        Builder meterRegistry(MeterRegistry registry);

        /**
         * Whether {@code command} configs may start stdio servers as child processes (default: false, since that
         * runs code; such a config is then refused).
         */
        Builder allowProcesses(boolean allow);

        /**
         * Environment variables for local projects' configuration, and those stdio servers inherit (HOME, PATH,
         * USER, LANG... only; default: the process's).
         */
        Builder environment(java.util.Map<String, String> env);

        McpManager build();
    }
}

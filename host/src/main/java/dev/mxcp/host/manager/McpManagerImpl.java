package dev.mxcp.host.manager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.json.Json;
import dev.mxcp.host.manager.McpManagerException.Kind;
import dev.mxcp.host.mcp.McpMethod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The one implementation of {@link McpManager}: servers by id, a scheduler for their health checks. */
final class McpManagerImpl implements McpManager {

    static final class BuilderImpl implements Builder {
        private MeterRegistry registry;
        private Map<String, String> env = System.getenv();
        private boolean allowProcesses;

        @Override
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        @Override
        public Builder environment(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        @Override
        public Builder allowProcesses(boolean allow) {
            this.allowProcesses = allow;
            return this;
        }

        @Override
        public McpManager build() {
            return new McpManagerImpl(registry == null ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : registry,
                    env, allowProcesses);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, String> env;
    private final boolean allowProcesses;
    private final Map<String, ManagedServer> servers = new ConcurrentHashMap<>();
    /** Told after a server was deployed or undeployed (the gateway), outside the manager's lock. */
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    /** Async variants run the blocking calls on virtual threads: the calls wait on the network, not the CPU. */
    private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();
    private ScheduledExecutorService scheduler;

    private McpManagerImpl(MeterRegistry registry, Map<String, String> env, boolean allowProcesses) {
        this.registry = registry;
        this.env = env;
        this.allowProcesses = allowProcesses;
    }

    @Override
    public synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("mcp-manager-health").factory());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopping;
        List<CompletableFuture<Void>> closing;
        synchronized (this) {
            stopping = scheduler;
            scheduler = null;
            closing = servers.keySet().stream().map(id -> servers.remove(id)).filter(s -> s != null)
                    .map(ManagedServer::close).toList();
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
        if (!closing.isEmpty()) {
            changed();
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
    }

    @Override
    public void close() {
        stop();
        async.close();
    }

    @Override
    public void deployServer(String serverId, String configJson) {
        requireId(serverId);
        deploy(ServerConfig.parse(serverId, configJson));
        changed();
    }

    @Override
    public void deployServer(String serverId, JsonNode config) {
        requireId(serverId);
        deploy(ServerConfig.parse(serverId, config));
        changed();
    }

    private synchronized void deploy(ServerConfig config) {
        ScheduledExecutorService checks = started(config.id());
        if (servers.containsKey(config.id())) {
            throw new McpManagerException(Kind.DUPLICATE_SERVER, config.id(),
                    "Server '" + config.id() + "' is deployed already: undeploy it first, or choose another id");
        }
        if (config.target() instanceof ServerConfig.Stdio && !allowProcesses) {
            throw ServerConfig.invalid(config.id(), "'command' runs a child process, which this manager does not allow"
                    + " (build it with allowProcesses(true) to run stdio servers)");
        }
        ManagedServer server = new ManagedServer(config, registry, env);
        servers.put(config.id(), server);
        long interval = config.health().interval().toMillis();
        if (interval > 0) {
            server.checks(checks.scheduleAtFixedRate(server::check, 0, interval, TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void undeployServer(String serverId) {
        ManagedServer server;
        synchronized (this) {
            server = servers.remove(server(serverId).config().id());
        }
        if (server != null) {
            changed();
            server.close();
        }
    }

    /** Calls {@code listener} after each deploy and undeploy until the subscription is closed. */
    ProjectRuntime.Subscription onChange(Runnable listener) {
        changeListeners.add(listener);
        return () -> changeListeners.remove(listener);
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    @Override
    public McpGateway gateway(java.util.Collection<String> tags, Map<String, dev.mxcp.host.endpoint.Policies> policies) {
        return new McpGateway(this, tags, policies);
    }

    @Override
    public JsonNode execute(String serverId, JsonNode request) {
        Request parsed = Request.of(serverId, request);
        return send(serverId, parsed.method(), parsed.params(), parsed.tool(), true);
    }

    /**
     * Sends one request through the server's breaker, health and meters.
     *
     * @param tool the tool called, for messages; null when not a tools/call
     * @param toolErrorFails whether a tool result with {@code isError} throws (else it is returned, as the gateway
     *     hands it on)
     */
    JsonNode send(String serverId, String method, JsonNode params, String tool, boolean toolErrorFails) {
        ManagedServer server = server(serverId);
        started(serverId);
        Request parsed = new Request(method, params, tool);
        long start = System.nanoTime();
        String outcome = ServerMeters.SUCCESS;
        try {
            JsonNode response = server.call(parsed.method(), parsed.params(), server.config().requestTimeout());
            if (response.has("error")) {
                JsonNode error = response.get("error");
                throw new McpManagerException(Kind.RPC_ERROR, serverId, "Server '" + serverId + "' answered "
                        + parsed.method() + " with JSON-RPC error " + error.path("code").asInt() + ": "
                        + oneLine(error.path("message").asText()), error.path("code").asInt(), null, null);
            }
            JsonNode result = response.get("result");
            if (toolErrorFails && parsed.tool() != null && result.path("isError").asBoolean(false)) {
                throw new McpManagerException(Kind.TOOL_ERROR, serverId, "Server '" + serverId + "': tool '"
                        + parsed.tool() + "' failed: " + oneLine(text(result)));
            }
            return result;
        } catch (McpManagerException e) {
            outcome = ServerMeters.outcome(e.kind());
            throw e;
        } finally {
            server.meters().request(outcome, System.nanoTime() - start);
        }
    }

    @Override
    public String execute(String serverId, String requestJson) {
        JsonNode request;
        try {
            request = Json.parse(requestJson);
        } catch (JsonProcessingException e) {
            throw new McpManagerException(Kind.INVALID_REQUEST, serverId, "Request for server '" + serverId
                    + "' is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        return Json.write(execute(serverId, request));
    }

    @Override
    public ServerState getServerState(String serverId) {
        return server(serverId).state();
    }

    @Override
    public HealthStatus getHealthStatus() {
        List<ServerInfo> infos = listServers();
        long withSamples = infos.stream().filter(i -> i.averageResponseTimeMs() > 0).count();
        long average = withSamples == 0 ? 0
                : Math.round(infos.stream().mapToLong(ServerInfo::averageResponseTimeMs).sum() / (double) withSamples);
        return new HealthStatus(infos.size(), count(infos, ServerState.HEALTHY), count(infos, ServerState.DEGRADED),
                count(infos, ServerState.UNHEALTHY), average);
    }

    private static int count(List<ServerInfo> infos, ServerState state) {
        return (int) infos.stream().filter(i -> i.state() == state).count();
    }

    @Override
    public List<ServerInfo> listServers() {
        return servers.values().stream().map(ManagedServer::info).sorted(Comparator.comparing(ServerInfo::id)).toList();
    }

    @Override
    public void scaleServer(String serverId, int instances) {
        if (instances < 1 || instances > 1024) {
            throw new McpManagerException(Kind.INVALID_CONFIG, serverId, "Cannot scale server '" + serverId + "' to "
                    + instances + " instances: give 1 to 1024");
        }
        server(serverId).scale(instances);
    }

    @Override
    public String exportPrometheusMetrics() {
        PrometheusMeterRegistry prometheus = prometheus(registry);
        if (prometheus == null) {
            throw new IllegalStateException("The manager's meter registry holds no PrometheusMeterRegistry to export");
        }
        return prometheus.scrape();
    }

    private static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            return prometheus;
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            return composite.getRegistries().stream().map(McpManagerImpl::prometheus).filter(r -> r != null)
                    .findFirst().orElse(null);
        }
        return null;
    }

    @Override
    public MeterRegistry meterRegistry() {
        return registry;
    }

    @Override
    public CompletableFuture<Void> startAsync() {
        return run(this::start);
    }

    @Override
    public CompletableFuture<Void> stopAsync() {
        return run(this::stop);
    }

    @Override
    public CompletableFuture<Void> deployServerAsync(String serverId, String configJson) {
        return run(() -> deployServer(serverId, configJson));
    }

    @Override
    public CompletableFuture<Void> undeployServerAsync(String serverId) {
        return run(() -> undeployServer(serverId));
    }

    @Override
    public CompletableFuture<JsonNode> executeAsync(String serverId, JsonNode request) {
        return supply(() -> execute(serverId, request));
    }

    @Override
    public CompletableFuture<String> executeAsync(String serverId, String requestJson) {
        return supply(() -> execute(serverId, requestJson));
    }

    @Override
    public CompletableFuture<Void> scaleServerAsync(String serverId, int instances) {
        return run(() -> scaleServer(serverId, instances));
    }

    private CompletableFuture<Void> run(Runnable action) {
        return supply(() -> {
            action.run();
            return null;
        });
    }

    /** The failure comes out as the manager's exception itself, not wrapped in a CompletionException. */
    private <T> CompletableFuture<T> supply(Supplier<T> action) {
        CompletableFuture<T> future = new CompletableFuture<>();
        async.execute(() -> {
            try {
                future.complete(action.get());
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e);
            }
        });
        return future;
    }

    private ManagedServer server(String serverId) {
        ManagedServer server = serverId == null ? null : servers.get(serverId);
        if (server == null) {
            throw new McpManagerException(Kind.UNKNOWN_SERVER, serverId, "Server '" + serverId + "' not found"
                    + (servers.isEmpty() ? ": no server is deployed" : " (deployed: "
                    + String.join(", ", servers.keySet().stream().sorted().toList()) + ")"));
        }
        return server;
    }

    private synchronized ScheduledExecutorService started(String serverId) {
        if (scheduler == null) {
            throw new McpManagerException(Kind.NOT_STARTED, serverId, "The MCP manager is not started: call start() first");
        }
        return scheduler;
    }

    private static void requireId(String serverId) {
        if (serverId == null || serverId.isBlank()) {
            throw new McpManagerException(Kind.INVALID_CONFIG, serverId, "A server id must be a non-empty string");
        }
    }

    /** The text of a tool result's text content, for the error message of a failed tool. */
    private static String text(JsonNode result) {
        StringBuilder text = new StringBuilder();
        for (JsonNode content : result.path("content")) {
            if ("text".equals(content.path("type").asText())) {
                text.append(text.isEmpty() ? "" : " ").append(content.path("text").asText());
            }
        }
        return text.isEmpty() ? "(no message)" : text.toString();
    }

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }

    /** A request of {@link #execute}: an MCP method with its params, or a tool called by name. */
    private record Request(String method, JsonNode params, String tool) {
        static Request of(String serverId, JsonNode request) {
            if (request == null || !request.isObject() || !request.path("method").isTextual()
                    || request.get("method").asText().isBlank()) {
                throw invalid(serverId, "must be a JSON object with a string 'method'");
            }
            String method = request.get("method").asText();
            JsonNode params = request.get("params");
            if (params != null && !params.isNull() && !params.isObject()) {
                throw invalid(serverId, "'params' must be an object");
            }
            McpMethod known = McpMethod.from(method);
            if (known == McpMethod.INITIALIZE || method.startsWith("notifications/")) {
                throw invalid(serverId, "'" + method + "' is the manager's own business, not a request to send");
            }
            if (known == null) {
                ObjectNode call = Json.MAPPER.createObjectNode().put("name", method);
                call.set("arguments", params == null || params.isNull() ? Json.MAPPER.createObjectNode() : params);
                return new Request(McpMethod.TOOLS_CALL.wireName(), call, method);
            }
            String tool = known == McpMethod.TOOLS_CALL ? params == null ? "" : params.path("name").asText() : null;
            return new Request(method, params, tool);
        }

        private static McpManagerException invalid(String serverId, String what) {
            return new McpManagerException(Kind.INVALID_REQUEST, serverId, "Request for server '" + serverId + "' " + what);
        }
    }
}

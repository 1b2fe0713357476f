package dev.mxcp.host.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.json.Json;
import dev.mxcp.host.mcp.JsonRpc;
import dev.mxcp.host.mcp.McpOptions;
import dev.mxcp.host.mcp.McpServer;
import dev.mxcp.host.mcp.ProtocolVersion;
import dev.mxcp.host.mcp.RateLimit;
import dev.mxcp.host.mcp.ResponseStream;
import dev.mxcp.host.mcp.Session;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local MXCP project served in-process: its runtime and MCP server, and sessions on it that take JSON-RPC
 * messages directly, without a transport. Its instances are sessions on this one runtime (which has its own
 * worker pools), not separate runtimes: two runtimes on one DuckDB file would fight over its lock.
 */
final class LocalProject implements AutoCloseable {

    private final ServerConfig config;
    private final ProjectRuntime runtime;
    private final McpServer server;

    private LocalProject(ServerConfig config, ProjectRuntime runtime, McpServer server) {
        this.config = config;
        this.runtime = runtime;
        this.server = server;
    }

    /** Loads the project; a project that does not load is a bad config, named in one line. */
    static LocalProject open(ServerConfig config, ServerConfig.Local local, Map<String, String> env) {
        ProjectRuntime runtime;
        try {
            runtime = ProjectRuntime.load(local.project(), new ProjectConfig.Overrides(local.profile(), null), env);
        } catch (MxcpException e) {
            throw ServerConfig.invalid(config.id(), "project " + local.project() + " does not load: " + e.getMessage());
        }
        try {
            runtime.requireSupported(); // fail closed, as mxcp serve does, on settings this runtime does not apply
        } catch (MxcpException e) {
            runtime.close();
            throw ServerConfig.invalid(config.id(), "project " + local.project() + ": " + e.getMessage());
        }
        try {
            // the manager is one trusted client: a limit per client belongs to whatever serves the manager
            McpServer server = McpServer.create(runtime, McpOptions.of(runtime.config().site().project(), "manager")
                    .withToolCallLimit(RateLimit.OFF), List.of());
            return new LocalProject(config, runtime, server);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    Instance session() {
        return new LocalSession();
    }

    @Override
    public void close() {
        server.close();
        runtime.close();
    }

    /** An MCP session on the in-process server; each request runs on a virtual thread the deadline bounds. */
    private final class LocalSession implements Instance {
        private final AtomicLong ids = new AtomicLong();
        private volatile Session session;

        @Override
        public JsonNode request(String method, JsonNode params, Deadline deadline) {
            return send(opened(deadline), method, params, deadline);
        }

        private Session opened(Deadline deadline) {
            Session current = session;
            if (current != null) {
                return current;
            }
            synchronized (this) {
                if (session == null) {
                    Session fresh = server.openSession();
                    ObjectNode params = Json.MAPPER.createObjectNode().put("protocolVersion", ProtocolVersion.LATEST);
                    params.putObject("capabilities");
                    params.putObject("clientInfo").put("name", "mxcp-manager").put("version", "1");
                    JsonNode response = send(fresh, "initialize", params, deadline);
                    if (response.has("error")) {
                        server.terminate(fresh.id());
                        throw McpManagerException.unavailable(config, "initialize failed: "
                                + response.at("/error/message").asText(), null);
                    }
                    server.handle(fresh, new JsonRpc.Notification("notifications/initialized", null), null);
                    session = fresh;
                }
                return session;
            }
        }

        private JsonNode send(Session on, String method, JsonNode params, Deadline deadline) {
            long id = ids.incrementAndGet();
            ObjectNode message = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
            if (params != null && !params.isNull()) {
                message.set("params", params);
            }
            JsonRpc.Message request = JsonRpc.of(message);
            CompletableFuture<byte[]> answer = new CompletableFuture<>();
            ResponseStream stream = new ResponseStream() {
                @Override
                public boolean send(byte[] frame) {
                    return true; // progress and log messages: the manager's callers get the result only
                }

                @Override
                public void respond(byte[] response) {
                    answer.complete(response);
                }

                @Override
                public void abandon() {
                    answer.completeExceptionally(McpManagerException.unavailable(config, method + " was cancelled", null));
                }
            };
            Thread.ofVirtual().name("mcp-manager-local-" + config.id()).start(() -> {
                try {
                    server.handle(on, request, stream);
                } catch (RuntimeException | Error e) {
                    answer.completeExceptionally(e);
                }
            });
            try {
                return Json.parse(new String(answer.get(deadline.remaining(), TimeUnit.NANOSECONDS),
                        java.nio.charset.StandardCharsets.UTF_8));
            } catch (TimeoutException e) {
                // the engine stops the call (SQL interrupted, guest cancelled) as for a client's cancel
                ObjectNode cancel = Json.MAPPER.createObjectNode().put("requestId", id).put("reason", "timeout");
                server.handle(on, new JsonRpc.Notification("notifications/cancelled", cancel), null);
                throw McpManagerException.timeout(config, "no answer", deadline.budget());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw McpManagerException.unavailable(config, "interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof McpManagerException failure) {
                    throw failure;
                }
                throw McpManagerException.unavailable(config, "the server failed: " + e.getCause(), e.getCause());
            } catch (java.io.IOException e) {
                throw McpManagerException.unavailable(config, "its answer is not JSON", e);
            }
        }

        @Override
        public void close() {
            Session current = session;
            session = null;
            if (current != null) {
                server.terminate(current.id());
            }
        }
    }
}

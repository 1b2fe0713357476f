package dev.mxcp.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.SiteConfig;
import dev.mxcp.host.endpoint.Policies;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.json.Json;
import dev.mxcp.host.manager.ManagerConfigFile;
import dev.mxcp.host.manager.McpGateway;
import dev.mxcp.host.manager.McpManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The site file's {@code gateway} section at work: an MCP Manager recording in the runtime's registry (so its
 * meters are at {@code /metrics}), its servers deployed, and their tools, resources and prompts served by the
 * runtime through the manager's {@link McpGateway}.
 */
record Upstreams(McpManager manager, McpGateway gateway) implements AutoCloseable {

    /** How long a start waits for the servers' lists (one try each), so that the first {@code tools/list} has them. */
    private static final Duration FIRST_LISTS = Duration.ofSeconds(30);

    static Upstreams start(ProjectRuntime runtime) {
        ProjectConfig config = runtime.config();
        SiteConfig.Gateway section = config.site().gateway();
        Map<String, JsonNode> servers = new LinkedHashMap<>();
        if (section.config() != null) {
            servers.putAll(ManagerConfigFile.read(config.root().resolve(section.config())));
        }
        section.servers().forEach((id, server) -> {
            if (servers.put(id, Json.toTree(server)) != null) {
                throw new MxcpException(ProjectConfig.SITE_FILE + ": gateway.servers." + id + " is also in "
                        + section.config() + ": give each server one id");
            }
        });
        Map<String, Policies> policies = new LinkedHashMap<>();
        section.policies().forEach((id, written) -> {
            if (!servers.containsKey(id) && servers.keySet().stream().noneMatch(s -> id.startsWith(s + McpGateway.SEPARATOR))) {
                throw new MxcpException(ProjectConfig.SITE_FILE + ": gateway.policies." + id + " names no gateway server"
                        + " nor an endpoint of one (<server id>" + McpGateway.SEPARATOR + "<name>; servers: "
                        + String.join(", ", servers.keySet()) + ")");
            }
            try {
                policies.put(id, Json.MAPPER.convertValue(written, Policies.class));
            } catch (IllegalArgumentException e) {
                throw new MxcpException(ProjectConfig.SITE_FILE + ": gateway.policies." + id + ": "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        });
        McpManager manager = McpManager.builder().meterRegistry(runtime.telemetry().meters())
                .allowProcesses(section.allowProcesses()).build();
        try {
            manager.start();
            servers.forEach((id, server) -> {
                try {
                    manager.deployServer(id, relativeToProject(config.root(), server));
                } catch (MxcpException e) {
                    throw new MxcpException(ProjectConfig.SITE_FILE + ": gateway server '" + id + "': " + e.getMessage());
                }
            });
            McpGateway gateway = manager.gateway(section.tags(), policies);
            long deadline = System.nanoTime() + FIRST_LISTS.toNanos();
            while (!gateway.settled() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            runtime.serveGateway(gateway);
            return new Upstreams(manager, gateway);
        } catch (RuntimeException | InterruptedException e) {
            manager.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new MxcpException("interrupted while the gateway's servers started");
            }
            throw (RuntimeException) e;
        }
    }

    /** A local project's directory is relative to this project, not to where the server was started. */
    private static JsonNode relativeToProject(Path root, JsonNode server) {
        if (server instanceof ObjectNode object && object.path("project").isTextual()) {
            ObjectNode copy = object.deepCopy();
            copy.put("project", root.resolve(object.get("project").asText()).normalize().toString());
            return copy;
        }
        return server;
    }

    @Override
    public void close() {
        gateway.close();
        manager.close();
    }
}

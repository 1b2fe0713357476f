// The seed's Quick Start, asynchronous and error-handling flows from JavaScript (mxcp:manager, camelCase names,
// Promises for the async methods). Run: mxcp exec manager_flow.mjs [BASE_PORT] (default 8000: servers on 8000-8004).
import { McpManager, InvalidArgumentError, SERVER_STATE_HEALTHY } from "mxcp:manager";

const base = Number(process.argv[2] ?? 8000);
const manager = new McpManager();
await manager.startAsync();

// Quick Start
manager.deployServer("docker-1", JSON.stringify({
    name: "docker-server", server_type: "infrastructure", url: `http://localhost:${base + 1}`,
    auth: { type: "api_key", key: "secret" }, priority: 10, tags: ["docker", "production"],
}));
console.log(`Response: ${manager.execute("docker-1", JSON.stringify({ method: "list_containers" }))}`);
let health = manager.getHealthStatus();
console.log(`Healthy servers: ${health.healthyServers}/${health.totalServers}`);

// Asynchronous: deploy five servers and ping them concurrently
await Promise.all([0, 1, 2, 3, 4].map((i) => manager.deployServerAsync(`server-${i}`, JSON.stringify({
    name: `server-${i}`, server_type: "test", url: `http://localhost:${base + i}`, auth: { type: "none" },
    priority: 5, tags: ["test"],
}))));
const responses = await Promise.all([0, 1, 2, 3, 4].map((i) => manager.executeAsync(`server-${i}`, '{"method": "ping"}')));
responses.forEach((response, i) => console.log(`Server ${i} response: ${response}`));

// Error handling
try {
    manager.deployServer("bad-server", "{invalid json}");
} catch (e) {
    if (!(e instanceof InvalidArgumentError)) throw e;
    console.log(`Config error: ${e.message}`);
}
try {
    await manager.executeAsync("non-existent", '{"method": "test"}');
} catch (e) {
    if (!(e instanceof InvalidArgumentError)) throw e;
    console.log(`Server not found: ${e.message}`);
}

// Monitoring
for (const server of manager.listServers()) {
    console.log(`${server.id}: ${server.state} (circuit ${server.circuitState}), ${server.avgResponseTimeMs} ms`);
}
health = manager.getHealthStatus();
console.log(`Health: ${health.healthyServers}/${health.totalServers} ${health.healthyServers === health.totalServers ? SERVER_STATE_HEALTHY : "not all healthy"}`);
console.log(manager.exportPrometheusMetrics().split("\n").filter((l) => l.startsWith("mcp_manager_requests_total")).join("\n"));
await manager.stopAsync();

// mxcp:manager — the MCP manager from JavaScript: the API of the seed's Python bindings (PyMcpManager) with
// JavaScript names; see manager.d.ts. One Java McpManager per McpManager, reached through the host.
// Invalid input (config JSON, an unknown server id, a malformed request) throws InvalidArgumentError (Python's
// ValueError); every other failure McpManagerError. The async methods return Promises: execution runs on the
// host's threads and the promise settles from a timer that polls it, so the worker's thread never blocks.

import { __mxcp } from "mxcp:runtime";

const host = __mxcp.host;

export const SERVER_STATE_HEALTHY = "Healthy";
export const SERVER_STATE_DEGRADED = "Degraded";
export const SERVER_STATE_UNHEALTHY = "Unhealthy";
export const CIRCUIT_STATE_CLOSED = "Closed";
export const CIRCUIT_STATE_OPEN = "Open";
export const CIRCUIT_STATE_HALF_OPEN = "HalfOpen";

/** A bad argument: invalid config JSON, an unknown server id, a malformed request. */
export class InvalidArgumentError extends Error {
    constructor(message) { super(message); this.name = "InvalidArgumentError"; }
}

/** A request or command the manager could not carry out: timeout, open circuit, server or tool error. */
export class McpManagerError extends Error {
    constructor(message) { super(message); this.name = "McpManagerError"; }
}

function answer(result) {
    if (result[0] === null) return result[2];
    throw result[0] === "value" ? new InvalidArgumentError(String(result[1])) : new McpManagerError(String(result[1]));
}

export class HealthStatus {
    constructor(totalServers, healthyServers, degradedServers, unhealthyServers, avgResponseTimeMs) {
        Object.assign(this, { totalServers, healthyServers, degradedServers, unhealthyServers, avgResponseTimeMs });
    }
}

export class ServerInfo {
    constructor(id, name, serverType, state, priority, tags = [], instances = 1, circuitState = CIRCUIT_STATE_CLOSED,
                avgResponseTimeMs = 0, p95ResponseTimeMs = 0) {
        Object.assign(this, { id, name, serverType, state, priority, tags, instances, circuitState,
            avgResponseTimeMs, p95ResponseTimeMs });
    }
}

/** How often a pending execution is polled. */
const POLL_MS = 1;

export class McpManager {
    #java;

    constructor(configPath = null) {
        const made = host.service("mcp_manager", configPath == null ? "" : String(configPath));
        if (typeof made === "string") throw new InvalidArgumentError(made);
        this.#java = made;
    }

    start() { answer(this.#java.start()); }

    stop() { answer(this.#java.stop()); }

    deployServer(serverId, configJson) { answer(this.#java.deployServer(String(serverId), String(configJson))); }

    undeployServer(serverId) { answer(this.#java.undeployServer(String(serverId))); }

    /** Sends the request (an MCP method, or a tool's name with its params); returns the result JSON text. */
    execute(serverId, requestJson) { return String(answer(this.#java.execute(String(serverId), String(requestJson)))); }

    getServerState(serverId) { return String(answer(this.#java.getServerState(String(serverId)))); }

    getHealthStatus() {
        const h = answer(this.#java.getHealthStatus());
        return new HealthStatus(Number(h[0]), Number(h[1]), Number(h[2]), Number(h[3]), Number(h[4]));
    }

    listServers() {
        return Array.from(answer(this.#java.listServers()), (s) => new ServerInfo(String(s[0]), String(s[1]),
            String(s[2]), String(s[3]), Number(s[4]), Array.from(s[5], String), Number(s[6]), String(s[7]),
            Number(s[8]), Number(s[9])));
    }

    scaleServer(serverId, instances) { answer(this.#java.scaleServer(String(serverId), Number(instances))); }

    exportPrometheusMetrics() { return String(answer(this.#java.exportPrometheusMetrics())); }

    async startAsync() { this.start(); }

    async stopAsync() { this.stop(); }

    async deployServerAsync(serverId, configJson) { this.deployServer(serverId, configJson); }

    /** Runs on the host's threads; the promise settles when it is over, other work runs meanwhile. */
    executeAsync(serverId, requestJson) {
        const pending = this.#java.executeLater(String(serverId), String(requestJson));
        return new Promise((resolve, reject) => {
            const check = () => {
                const result = pending.poll();
                if (result === null) {
                    setTimeout(check, POLL_MS);
                    return;
                }
                try {
                    resolve(String(answer(result)));
                } catch (e) {
                    reject(e);
                }
            };
            check();
        });
    }
}

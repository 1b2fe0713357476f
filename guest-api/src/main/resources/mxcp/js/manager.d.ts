// Type declarations for "mxcp:manager", the MCP manager's bindings for JavaScript on this host: the API of the
// seed's Python bindings (PyMcpManager, see mxcp/manager.pyi) with JavaScript names. Run scripts with
// `mxcp exec script.js [ARGS...]`; endpoints may import it too.

declare module "mxcp:manager" {
  export const SERVER_STATE_HEALTHY: "Healthy";
  export const SERVER_STATE_DEGRADED: "Degraded";
  export const SERVER_STATE_UNHEALTHY: "Unhealthy";
  export const CIRCUIT_STATE_CLOSED: "Closed";
  export const CIRCUIT_STATE_OPEN: "Open";
  export const CIRCUIT_STATE_HALF_OPEN: "HalfOpen";

  /** Invalid config JSON, an unknown server id, a malformed request (Python's ValueError). */
  export class InvalidArgumentError extends Error {}
  /** A timeout, an open circuit, an unreachable server, a JSON-RPC or tool error; the message names the server. */
  export class McpManagerError extends Error {}

  export class HealthStatus {
    readonly totalServers: number;
    readonly healthyServers: number;
    readonly degradedServers: number;
    readonly unhealthyServers: number;
    readonly avgResponseTimeMs: number;
  }

  export class ServerInfo {
    readonly id: string;
    readonly name: string;
    readonly serverType: string;
    /** "Healthy", "Degraded" or "Unhealthy". */
    readonly state: string;
    readonly priority: number;
    readonly tags: string[];
    readonly instances: number;
    /** "Closed", "Open" or "HalfOpen". */
    readonly circuitState: string;
    readonly avgResponseTimeMs: number;
    readonly p95ResponseTimeMs: number;
  }

  export class McpManager {
    /** configPath: YAML/JSON file whose `servers:` (id -> config) start() deploys; default MXCP_MANAGER_CONFIG. */
    constructor(configPath?: string | null);
    start(): void;
    stop(): void;
    /** configJson: {"name", "server_type", "url" | "project" | "command", "auth", "priority", "tags", ...}. */
    deployServer(serverId: string, configJson: string): void;
    undeployServer(serverId: string): void;
    /** requestJson: {"method": "tools/list" | "ping" | ... | a tool's name, "params": {...}}; returns the result JSON. */
    execute(serverId: string, requestJson: string): string;
    getServerState(serverId: string): string;
    getHealthStatus(): HealthStatus;
    listServers(): ServerInfo[];
    scaleServer(serverId: string, instances: number): void;
    exportPrometheusMetrics(): string;
    startAsync(): Promise<void>;
    stopAsync(): Promise<void>;
    deployServerAsync(serverId: string, configJson: string): Promise<void>;
    /** Runs on the host's threads: the worker keeps running other work until it settles. */
    executeAsync(serverId: string, requestJson: string): Promise<string>;
  }
}

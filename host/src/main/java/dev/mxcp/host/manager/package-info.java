/**
 * The MCP manager: many MCP servers held by one process, each behind a pool of sessions, a circuit breaker,
 * health checks and metrics. {@link dev.mxcp.host.manager.McpManager} is the public seam (Java today; the guest
 * bindings, the gateway in {@code mxcp serve} and {@code mxcp exec} build on it); everything else is
 * package-private. It sits below the transports and the embedding API, above the MCP protocol core and the
 * engine, whose {@code ProtocolVersion} it speaks as a client.
 */
package dev.mxcp.host.manager;

package dev.mxcp.host.manager;

import java.util.List;

/**
 * One managed server as {@link McpManager#listServers()} reports it (the seed's {@code PyServerInfo}, plus tags,
 * instances and circuit state).
 *
 * @param instances how many sessions (remote servers) the server is balanced over
 * @param p95ResponseTimeMs the 95th percentile response time over the server's sliding window, 0 without samples
 */
public record ServerInfo(String id, String name, String serverType, ServerState state, int priority,
                         List<String> tags, int instances, CircuitState circuitState, long averageResponseTimeMs,
                         long p95ResponseTimeMs) {
}

package dev.mxcp.host.manager;

/**
 * The health of all managed servers at one moment (the seed's {@code PyHealthStatus}).
 *
 * @param averageResponseTimeMs the mean response time over the servers' sliding windows, 0 without samples
 */
public record HealthStatus(int totalServers, int healthyServers, int degradedServers, int unhealthyServers,
                           long averageResponseTimeMs) {
}

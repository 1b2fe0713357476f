package dev.mxcp.host.base;

/**
 * How full a pool is (DuckDB connections, a language's guest workers), for its gauges on {@code /metrics}.
 *
 * @param max how many it may hold, as configured
 * @param open how many are open (started) now
 * @param inUse how many of those are leased by a call now
 */
public record PoolSizes(int max, int open, int inUse) {
}

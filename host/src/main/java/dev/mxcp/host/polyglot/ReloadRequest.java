package dev.mxcp.host.polyglot;

/**
 * A reload asked for by guest code ({@code reload_duckdb(payload_func, description)}).
 *
 * @param description what the reload is for, for the log
 * @param payload what to run while the database is closed (in the guest worker that asked), or null
 */
public record ReloadRequest(String description, Runnable payload) {
}

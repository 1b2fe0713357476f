package dev.mxcp.host.polyglot;

import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.db.DuckDb;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What guest code reaches of its project.
 *
 * @param config the project's configuration: paths, secrets, site and user data, guest settings
 * @param database the project's database; it may throw while a reload has the database closed
 * @param reloads where {@code reload_duckdb()} requests go; the receiver runs them later, after the calls in
 *     flight, and must call {@link GuestRuntime#suspend()} and {@link GuestRuntime#resume()} around them
 */
public record GuestEnvironment(ProjectConfig config, Supplier<DuckDb> database, Consumer<ReloadRequest> reloads) {
}

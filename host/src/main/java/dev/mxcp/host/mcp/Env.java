package dev.mxcp.host.mcp;

import dev.mxcp.host.engine.ProjectRuntime;
import java.util.function.Supplier;

/** What the feature handlers share: the runtime that runs endpoints, the settings and the current catalog. */
record Env(ProjectRuntime runtime, McpOptions options, Supplier<Catalog> catalog) {
}

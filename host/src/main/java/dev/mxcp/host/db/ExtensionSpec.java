package dev.mxcp.host.db;

import java.util.Objects;

/**
 * A DuckDB extension to install and load when the database opens ({@code extensions:} in mxcp-site.yml).
 *
 * @param name the extension's name, e.g. "httpfs"
 * @param repo where to install it from ("community", "core_nightly"), or null for DuckDB's core repository
 */
public record ExtensionSpec(String name, String repo) {

    public ExtensionSpec {
        Objects.requireNonNull(name, "name");
    }
}

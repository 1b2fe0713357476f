package dev.mxcp.host.db;

import java.nio.file.Path;
import java.util.List;

/**
 * How to open a {@link DuckDb}.
 *
 * @param file the database file (parent directories are created), or null for an in-memory database
 * @param readOnly open the file read-only (it is created first if missing); not allowed in memory
 * @param poolSize how many connections to keep; each query or guest call leases one exclusively
 * @param extensions extensions to install and load, in order
 * @param secrets secrets to create; failures are logged and ignored
 * @param fileSearchPath where relative file paths in SQL ({@code read_csv('x.csv')}) resolve, or null for the
 *     working directory; the project root, so a project reads the same files wherever it is started from
 */
public record DuckDbSettings(
        Path file,
        boolean readOnly,
        int poolSize,
        List<ExtensionSpec> extensions,
        List<SecretSpec> secrets,
        Path fileSearchPath) {

    public DuckDbSettings {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
        }
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** An in-memory database with {@code poolSize} connections and nothing to load. */
    public static DuckDbSettings inMemory(int poolSize) {
        return new DuckDbSettings(null, false, poolSize, List.of(), List.of(), null);
    }
}

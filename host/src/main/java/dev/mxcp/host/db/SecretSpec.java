package dev.mxcp.host.db;

import java.util.Map;
import java.util.Objects;

/**
 * A secret from the user config, created in DuckDB as a {@code TEMPORARY SECRET} when the database opens.
 *
 * @param name the secret's name
 * @param type DuckDB's secret type (e.g. "s3", "http"); other types are legal and only read through config
 * @param parameters the secret's keys and values; a Map value becomes a DuckDB MAP (e.g. HTTP headers)
 */
public record SecretSpec(String name, String type, Map<String, Object> parameters) {

    public SecretSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        parameters = parameters == null ? Map.of() : parameters;
    }
}

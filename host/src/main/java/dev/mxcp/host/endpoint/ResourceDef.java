package dev.mxcp.host.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A {@code resource:} definition; a URI with {@code {var}} placeholders makes it a resource template.
 *
 * @param cache an extension of MXCP: how long a 2026-07-28 client may keep a read of it ({@code ttlMs}) and
 *     whether a shared cache may hold it ({@code cacheScope}); null for the defaults
 */
public record ResourceDef(
        String uri,
        String name,
        String description,
        List<String> tags,
        @JsonProperty("mime_type") String mimeType,
        List<TypeSpec> parameters,
        @JsonProperty("return") TypeSpec returns,
        Language language,
        Source source,
        Boolean enabled,
        List<TestDef> tests,
        Policies policies,
        @JsonProperty("timeout_seconds") Integer timeoutSeconds,
        Cache cache) implements EndpointDef, Executable {

    public ResourceDef {
        Defaults.require(uri, "uri");
        Defaults.require(source, "source");
        tags = Defaults.list(tags);
        parameters = Defaults.list(parameters);
        language = Defaults.language(language);
        enabled = Defaults.enabled(enabled);
        tests = Defaults.list(tests);
        policies = Defaults.policies(policies);
        Defaults.timeout(timeoutSeconds);
    }

    /**
     * Caching hints of a resource's reads.
     *
     * @param ttlMs how long a read stays fresh, in milliseconds (at least 0); null for the default (0)
     * @param scope who may share a cached read; null: public, or private when the caller is authenticated
     */
    public record Cache(@JsonProperty("ttl_ms") Long ttlMs, Scope scope) {
        public Cache {
            if (ttlMs != null && ttlMs < 0) {
                throw new IllegalArgumentException("cache.ttl_ms must be 0 or more, got " + ttlMs);
            }
        }

        /** MCP's {@code cacheScope} values. */
        public enum Scope {
            @JsonProperty("public") PUBLIC,
            @JsonProperty("private") PRIVATE;

            public String wireName() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    @Override
    public String key() {
        return uri;
    }

    /** The parsed URI template, compiled on each call: the served view keeps the one it matches with. */
    public UriTemplate template() {
        return UriTemplate.parse(uri);
    }
}

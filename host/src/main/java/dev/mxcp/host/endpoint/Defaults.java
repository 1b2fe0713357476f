package dev.mxcp.host.endpoint;

import java.util.List;

/**
 * The defaults of the definition records (tools, resources, prompts), applied by their compact constructors:
 * one place says what an absent key means, whatever the kind of endpoint.
 */
final class Defaults {

    private Defaults() {
    }

    /** An absent list ({@code tags}, {@code parameters}, {@code tests}, {@code messages}) is empty. */
    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : value;
    }

    /** Code without {@code language} is SQL, as in MXCP. */
    static Language language(Language value) {
        return value == null ? Language.SQL : value;
    }

    /** An endpoint is enabled unless it says {@code enabled: false}. */
    static Boolean enabled(Boolean value) {
        return value == null || value;
    }

    static Policies policies(Policies value) {
        return value == null ? Policies.NONE : value;
    }

    /** Missing required keys surface as load errors at the enclosing mapping. */
    /** An endpoint's own time limit: none (the language's setting applies), or at least a second. */
    static void timeout(Integer seconds) {
        if (seconds != null && seconds < 1) {
            throw new IllegalArgumentException("timeout_seconds must be at least 1, got " + seconds);
        }
    }

    static void require(Object value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("missing required key '" + key + "'");
        }
    }
}

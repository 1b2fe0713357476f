package dev.mxcp.host.endpoint;

import java.util.List;

/** Shared checks of the definition records' compact constructors. */
final class Defaults {

    private Defaults() {
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : value;
    }

    /** Missing required keys surface as load errors at the enclosing mapping. */
    static void require(Object value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("missing required key '" + key + "'");
        }
    }
}

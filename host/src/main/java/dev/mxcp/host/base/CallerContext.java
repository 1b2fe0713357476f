package dev.mxcp.host.base;

import dev.mxcp.guest.UserContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who runs a query, as SQL sees it through {@code get_username()}, {@code get_user_email()},
 * {@code get_user_provider()}, {@code get_user_external_token()}, {@code get_request_header(name)} and
 * {@code get_request_headers_json()}. Each of them is NULL when its part is missing.
 *
 * @param user the authenticated user, or null
 * @param requestHeaders the HTTP request's headers (names are matched case-insensitively), or null outside HTTP
 */
public record CallerContext(UserContext user, Map<String, String> requestHeaders) {

    /** No user and no request: every caller function returns NULL. */
    public static final CallerContext NONE = new CallerContext(null, null);

    public CallerContext {
        requestHeaders = requestHeaders == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(requestHeaders));
    }
}

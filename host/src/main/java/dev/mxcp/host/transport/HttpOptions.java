package dev.mxcp.host.transport;

import java.util.List;

/**
 * Settings of the Streamable HTTP endpoint.
 *
 * @param stateless no sessions: every request stands alone (no server-to-client requests, no GET stream)
 * @param allowedOrigins origins allowed besides the loopback ones (http(s)://localhost, 127.0.0.1, [::1]
 *     on any port), e.g. {@code https://app.example.com}
 * @param allowedHosts values of the Host header allowed (ports ignored); empty means any host unless
 *     {@code loopbackHostsOnly}
 * @param loopbackHostsOnly whether only loopback names are allowed as Host besides {@code allowedHosts}:
 *     what a server bound to 127.0.0.1 wants, against DNS rebinding
 * @param maxRequestBytes larger request bodies get HTTP 413
 * @param pollAfter null, or how long a request of a 2025-11-25 client may keep its POST stream: after that
 *     the server closes it and the client resumes with GET + {@code Last-Event-ID} (SSE polling, SEP-1699),
 *     which frees connections during long calls
 */
public record HttpOptions(boolean stateless, List<String> allowedOrigins, List<String> allowedHosts,
                          boolean loopbackHostsOnly, long maxRequestBytes, java.time.Duration pollAfter) {

    /** 4 MiB, ample for tool arguments. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;

    public HttpOptions {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive");
        }
    }

    /** Sessions on, loopback origins only, any Host, 4 MiB bodies, no polling. */
    public static HttpOptions defaults() {
        return new HttpOptions(false, List.of(), List.of(), false, DEFAULT_MAX_REQUEST_BYTES, null);
    }
}

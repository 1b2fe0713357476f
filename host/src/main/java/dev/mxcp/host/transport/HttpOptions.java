package dev.mxcp.host.transport;

import dev.mxcp.host.config.ServerSettings;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the Streamable HTTP endpoint.
 *
 * @param stateless no sessions: every request stands alone (no server-to-client requests, no GET stream)
 * @param allowedOrigins origins allowed besides the loopback ones (http(s)://localhost, 127.0.0.1, [::1]
 *     on any port), e.g. {@code https://app.example.com}
 * @param allowedHosts values of the Host header allowed (ports ignored) besides, for a request that arrived on
 *     a loopback address, the loopback names (against DNS rebinding); empty means any Host for a request that
 *     arrived on another address
 * @param maxRequestBytes larger request bodies get HTTP 413
 * @param pollAfter null, or how long a request of a 2025-11-25 client may keep its POST stream: after that
 *     the server closes it and the client resumes with GET + {@code Last-Event-ID} (SSE polling, SEP-1699),
 *     which frees connections during long calls
 */
public record HttpOptions(boolean stateless, List<String> allowedOrigins, List<String> allowedHosts,
                          long maxRequestBytes, Duration pollAfter) {

    /** {@link ServerSettings#DEFAULT_MAX_REQUEST_BYTES}. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = ServerSettings.DEFAULT_MAX_REQUEST_BYTES;

    public HttpOptions {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive");
        }
    }

    /** The defaults of {@link ServerSettings#DEFAULTS}: sessions on, loopback origins and Host names, 4 MiB bodies. */
    public static HttpOptions defaults() {
        return of(ServerSettings.DEFAULTS);
    }

    /** The HTTP part of resolved server settings. */
    public static HttpOptions of(ServerSettings settings) {
        return new HttpOptions(settings.stateless(), settings.allowedOrigins(), settings.allowedHosts(),
                settings.maxRequestBytes(), settings.pollAfter().isZero() ? null : settings.pollAfter());
    }
}

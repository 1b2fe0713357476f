package dev.mxcp.host.transport;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Origin and Host checks against DNS rebinding: a browser page on another origin must not reach a local
 * server. An absent Origin (non-browser clients) is allowed; a present one must be a loopback origin or
 * listed. The Host header of a request that arrived on a loopback address must be a loopback name or listed
 * (a rebound name resolving to 127.0.0.1 is refused, whatever address the application bound); on another
 * address any Host is allowed unless a list is given.
 */
final class OriginPolicy {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final Set<String> origins;
    private final Set<String> hosts;

    OriginPolicy(HttpOptions options) {
        this.origins = options.allowedOrigins().stream().map(OriginPolicy::normalize).collect(Collectors.toSet());
        this.hosts = options.allowedHosts().stream().map(h -> stripPort(h.toLowerCase(Locale.ROOT))).collect(Collectors.toSet());
    }

    boolean originAllowed(String origin) {
        if (origin == null) {
            return true;
        }
        String normalized = normalize(origin);
        if (origins.contains(normalized) || origins.contains("*")) {
            return true;
        }
        try {
            URI uri = URI.create(normalized);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && LOOPBACK.contains(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    boolean hostAllowed(String host, boolean arrivedOnLoopback) {
        if (!arrivedOnLoopback && hosts.isEmpty()) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String name = stripPort(host.toLowerCase(Locale.ROOT));
        return hosts.contains(name) || (arrivedOnLoopback && (LOOPBACK.contains(name) || name.startsWith("127.")));
    }

    private static String normalize(String origin) {
        String lower = origin.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** {@code host:port} to host; {@code [::1]:8000} to {@code [::1]}. */
    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 || host.indexOf(':', colon + 1) >= 0 ? host : host.substring(0, colon);
    }
}

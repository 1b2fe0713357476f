package dev.mxcp.host.transport;

import dev.mxcp.host.auth.ResourceServer;
import dev.mxcp.host.mcp.JsonRpc;
import dev.mxcp.host.mcp.McpError;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What both HTTP transports (Streamable HTTP and the old HTTP+SSE) do with a request before and after the MCP
 * core: the guard (Origin, Host, then the bearer token), the body within its limit, the headers as MXCP passes
 * them, and answers that are JSON-RPC errors.
 */
final class Exchanges {

    private static final System.Logger LOG = System.getLogger(Exchanges.class.getName());

    /** The caller of requests when authentication is off. */
    private static final ResourceServer.Allowed NOBODY = new ResourceServer.Allowed(null, null);

    private final OriginPolicy policy;
    private final ResourceServer auth;
    private final long maxRequestBytes;

    Exchanges(HttpOptions options, ResourceServer auth) {
        this.policy = new OriginPolicy(options);
        this.auth = auth;
        this.maxRequestBytes = options.maxRequestBytes();
    }

    /**
     * Origin and Host (403 when either is not allowed), then with authentication on the bearer token (401,
     * 403 or 503, with the challenge). The request's caller, or null once it has been answered.
     */
    ResourceServer.Allowed guard(ServerRequest req, ServerResponse res) {
        if (!policy.originAllowed(req.headers().first(HeaderNames.ORIGIN).orElse(null))) {
            fail(res, Status.FORBIDDEN_403, McpError.SERVER_ERROR, "Forbidden: origin not allowed");
            return null;
        }
        String host = req.headers().first(HeaderNames.HOST).orElse(null);
        if (!policy.hostAllowed(host, arrivedOnLoopback(req))) {
            fail(res, Status.FORBIDDEN_403, McpError.SERVER_ERROR, "Forbidden: host not allowed");
            return null;
        }
        if (auth == null) {
            return NOBODY;
        }
        return switch (auth.check(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null), host,
                req.prologue().uriPath().path())) {
            case ResourceServer.Allowed allowed -> allowed;
            case ResourceServer.Denied denied -> {
                if (denied.challenge() != null) {
                    res.header(HeaderNames.WWW_AUTHENTICATE, denied.challenge());
                }
                Status status = Status.create(denied.status());
                fail(res, status, McpError.SERVER_ERROR, status.reasonPhrase() + ": " + denied.reason());
                yield null;
            }
        };
    }

    /** Whether the request came in on a loopback address of this machine, whatever address the server bound. */
    static boolean arrivedOnLoopback(ServerRequest req) {
        return req.localPeer().address() instanceof InetSocketAddress local && local.getAddress() != null
                && local.getAddress().isLoopbackAddress();
    }

    /** The body's one JSON-RPC message, or null after answering 413 (too large) or 400 (not JSON-RPC). */
    JsonRpc.Message readMessage(ServerRequest req, ServerResponse res) {
        byte[] body = readBody(req, res);
        if (body == null) {
            return null;
        }
        try {
            return JsonRpc.parse(body);
        } catch (McpError e) {
            send(res, Status.BAD_REQUEST_400, JsonRpc.error(JsonRpc.idOf(body), e));
            return null;
        }
    }

    /** The body, or null after answering 413 when it is larger than allowed. */
    private byte[] readBody(ServerRequest req, ServerResponse res) {
        long limit = maxRequestBytes;
        Optional<String> length = req.headers().first(HeaderNames.CONTENT_LENGTH);
        if (length.isPresent() && parseLong(length.get()) > limit) {
            fail(res, Status.REQUEST_ENTITY_TOO_LARGE_413, McpError.SERVER_ERROR,
                    "Payload Too Large: the limit is " + limit + " bytes");
            return null;
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                fail(res, Status.REQUEST_ENTITY_TOO_LARGE_413, McpError.SERVER_ERROR,
                        "Payload Too Large: the limit is " + limit + " bytes");
                return null;
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request's headers by lower-case name (a repeated header keeps its first value), as MXCP passes them. */
    static Map<String, String> headersOf(ServerRequest req) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (var header : req.headers()) {
            headers.putIfAbsent(header.name().toLowerCase(Locale.ROOT), header.get());
        }
        return headers;
    }

    static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean accepts(ServerRequest req, String mediaType) {
        for (String value : req.headers().values(HeaderNames.ACCEPT)) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.contains(mediaType) || lower.contains("*/*")) {
                return true;
            }
        }
        return false;
    }

    static void fail(ServerResponse res, Status status, int code, String message) {
        send(res, status, JsonRpc.error(null, new McpError(code, message, null)));
    }

    static void send(ServerResponse res, Status status, byte[] body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body);
    }

    /** A transport bug: logged with its trace, answered without one. */
    static void internalError(ServerResponse res, RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "MCP HTTP transport failed", e);
        if (!res.isSent()) {
            try {
                fail(res, Status.INTERNAL_SERVER_ERROR_500, McpError.INTERNAL_ERROR, "Internal error");
            } catch (RuntimeException ignored) {
                // the response was already under way
            }
        }
    }
}

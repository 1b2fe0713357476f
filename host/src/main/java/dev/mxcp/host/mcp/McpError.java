package dev.mxcp.host.mcp;

import java.util.Map;

/**
 * A protocol error: answered as a JSON-RPC error object with {@code code}, {@code message} and optional
 * {@code data}. Messages are safe to show: they never carry stack traces or secrets.
 */
public final class McpError extends RuntimeException {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** MCP's "resource not found" for revisions up to 2025-11-25. */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** 2026-07-28: HTTP headers disagree with the body, or a required one is missing (HTTP 400). */
    public static final int HEADER_MISMATCH = -32020;
    /** 2026-07-28: the request needs a client capability its {@code _meta} did not declare (HTTP 400). */
    public static final int MISSING_CLIENT_CAPABILITY = -32021;
    /** 2026-07-28: the request's protocol version is not one this server speaks (HTTP 400). */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    /** Implementation-defined: transport-level refusals (403, 406, 413...). */
    public static final int SERVER_ERROR = -32000;
    /** Implementation-defined: the session id is unknown or the session ended (HTTP 404). */
    public static final int SESSION_NOT_FOUND = -32001;
    /** Implementation-defined: too many tool calls; {@code data.retryAfterMs} says when to try again. */
    public static final int RATE_LIMITED = -32003;

    private final int code;
    private final transient Object data;

    public McpError(int code, String message, Object data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    public static McpError parse(String detail) {
        return new McpError(PARSE_ERROR, "Parse error: " + detail, null);
    }

    public static McpError invalidRequest(String detail) {
        return new McpError(INVALID_REQUEST, "Invalid request: " + detail, null);
    }

    public static McpError methodNotFound(String method) {
        return new McpError(METHOD_NOT_FOUND, "Method not found: " + method, null);
    }

    public static McpError invalidParams(String detail) {
        return new McpError(INVALID_PARAMS, "Invalid params: " + detail, null);
    }

    public static McpError resourceNotFound(String uri) {
        return new McpError(RESOURCE_NOT_FOUND, "Resource not found: " + uri, Map.of("uri", uri));
    }

    public static McpError headerMismatch(String detail) {
        return new McpError(HEADER_MISMATCH, "Header mismatch: " + detail, null);
    }

    /**
     * -32021: the request needed client capabilities it did not declare.
     *
     * @param required the missing capabilities, shaped as a ClientCapabilities object
     */
    public static McpError missingCapability(String what, Map<String, Object> required) {
        return new McpError(MISSING_CLIENT_CAPABILITY, "Missing required client capability: " + what,
                Map.of("requiredCapabilities", required));
    }

    public static McpError unsupportedVersion(String requested) {
        return new McpError(UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version: " + requested,
                Map.of("supported", ProtocolVersion.ALL, "requested", requested));
    }

    public int code() {
        return code;
    }

    /** Extra detail for the client, or null. */
    public Object data() {
        return data;
    }
}

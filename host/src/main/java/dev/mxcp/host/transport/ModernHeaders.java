package dev.mxcp.host.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.mcp.JsonRpc;
import dev.mxcp.host.mcp.McpError;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The 2026-07-28 Streamable HTTP rules for a modern request's headers: {@code MCP-Protocol-Version} must equal
 * the version in {@code _meta}, {@code Mcp-Method} the method, and {@code Mcp-Name} the name or URI of
 * {@code tools/call}, {@code prompts/get} and {@code resources/read}, or the task id of {@code tasks/get},
 * {@code tasks/update} and {@code tasks/cancel} (Base64 sentinel {@code =?base64?…?=}
 * decoded first). Intermediaries may route on these headers, so a request whose headers and body disagree
 * is refused (400, {@code -32020}) before anything runs.
 */
final class ModernHeaders {

    static final HeaderName METHOD = HeaderNames.create("Mcp-Method");
    static final HeaderName NAME = HeaderNames.create("Mcp-Name");
    private static final String SENTINEL_START = "=?base64?";
    private static final String SENTINEL_END = "?=";

    private ModernHeaders() {
    }

    /** Why the headers of {@code request} disagree with its body, or null when they agree. */
    static McpError check(ServerRequest req, JsonRpc.Request request) {
        JsonNode version = request.params().path("_meta").path("io.modelcontextprotocol/protocolVersion");
        Optional<String> versionHeader = header(req, StreamableHttp.PROTOCOL_VERSION);
        if (versionHeader.isEmpty()) {
            return McpError.headerMismatch("the MCP-Protocol-Version header is required");
        }
        if (version.isTextual() && !version.textValue().equals(versionHeader.get())) {
            return McpError.headerMismatch("MCP-Protocol-Version header value '" + versionHeader.get()
                    + "' does not match _meta value '" + version.textValue() + "'");
        }
        Optional<String> method = header(req, METHOD);
        if (method.isEmpty()) {
            return McpError.headerMismatch("the Mcp-Method header is required");
        }
        if (!method.get().equals(request.method())) {
            return McpError.headerMismatch("Mcp-Method header value '" + method.get()
                    + "' does not match body value '" + request.method() + "'");
        }
        String field = switch (request.method()) {
            case "tools/call", "prompts/get" -> "name";
            case "tasks/get", "tasks/update", "tasks/cancel" -> "taskId";
            case "resources/read" -> "uri";
            default -> null;
        };
        JsonNode body = field == null ? null : request.params().get(field);
        Optional<String> name = header(req, NAME);
        if (body == null || !body.isTextual()) {
            return null; // nothing to mirror; the handler answers the missing parameter
        }
        if (name.isEmpty()) {
            return McpError.headerMismatch("the Mcp-Name header is required for " + request.method());
        }
        String decoded = decode(name.get());
        if (decoded == null) {
            return McpError.headerMismatch("the Mcp-Name header is not valid Base64 sentinel encoding");
        }
        if (!decoded.equals(body.textValue())) {
            return McpError.headerMismatch("Mcp-Name header value '" + name.get() + "' does not match body value '"
                    + body.textValue() + "'");
        }
        return null;
    }

    /** The header's value without surrounding whitespace (RFC 9110 OWS), if present. */
    private static Optional<String> header(ServerRequest req, HeaderName name) {
        return req.headers().first(name).map(String::strip);
    }

    /** A header value with the Base64 sentinel decoded (UTF-8); null when the encoding is broken. */
    static String decode(String value) {
        if (!value.startsWith(SENTINEL_START) || !value.endsWith(SENTINEL_END)
                || value.length() < SENTINEL_START.length() + SENTINEL_END.length()) {
            return value;
        }
        String encoded = value.substring(SENTINEL_START.length(), value.length() - SENTINEL_END.length());
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    /**
     * The HTTP status of a modern error response: 404 for an unknown method (so that a client can tell it from
     * a missing endpoint by the body), 400 for what the client must fix, else 200 with the JSON-RPC error.
     */
    static Status status(int code) {
        return switch (code) {
            case McpError.METHOD_NOT_FOUND -> Status.NOT_FOUND_404;
            case McpError.PARSE_ERROR, McpError.INVALID_REQUEST, McpError.INVALID_PARAMS, McpError.HEADER_MISMATCH,
                 McpError.MISSING_CLIENT_CAPABILITY, McpError.UNSUPPORTED_PROTOCOL_VERSION -> Status.BAD_REQUEST_400;
            default -> Status.OK_200;
        };
    }
}

package dev.mxcp.host.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.endpoint.ParamHeaders;
import dev.mxcp.host.mcp.JsonRpc;
import dev.mxcp.host.mcp.McpError;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The 2026-07-28 Streamable HTTP rules for a modern request's headers: {@code MCP-Protocol-Version} must equal
 * the version in {@code _meta}, {@code Mcp-Method} the method, and {@code Mcp-Name} the name or URI of
 * {@code tools/call}, {@code prompts/get} and {@code resources/read}, or the task id of {@code tasks/get},
 * {@code tasks/update} and {@code tasks/cancel} (Base64 sentinel {@code =?base64?…?=} decoded first), and each
 * {@code Mcp-Param-{Name}} the tool argument its {@code x-mcp-header} names. Intermediaries may route on these
 * headers, so a request whose headers and body disagree is refused (400, {@code -32020}) before anything runs.
 */
final class ModernHeaders {

    static final HeaderName METHOD = HeaderNames.create("Mcp-Method");
    static final HeaderName NAME = HeaderNames.create("Mcp-Name");
    private static final String PARAM_PREFIX = "Mcp-Param-";
    private static final String SENTINEL_START = "=?base64?";
    private static final String SENTINEL_END = "?=";

    private ModernHeaders() {
    }

    /**
     * Why the headers of {@code request} disagree with its body, or null when they agree.
     *
     * @param mirrored for {@code tools/call}, the called tool's parameters mirrored into {@code Mcp-Param-*}
     */
    static McpError check(ServerRequest req, JsonRpc.Request request, List<ParamHeaders.ParamHeader> mirrored) {
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
        return request.method().equals("tools/call") ? checkParams(req, request.params().path("arguments"), mirrored)
                : null;
    }

    /**
     * Each mirrored parameter's header against its argument: a value needs its header, equal once decoded
     * (integers compared as numbers); no value (absent or null) allows no header.
     */
    private static McpError checkParams(ServerRequest req, JsonNode arguments, List<ParamHeaders.ParamHeader> mirrored) {
        for (ParamHeaders.ParamHeader param : mirrored) {
            JsonNode value = arguments;
            for (String step : param.path()) {
                value = value.path(step);
            }
            String headerName = PARAM_PREFIX + param.header();
            Optional<String> header = req.headers().first(HeaderNames.create(headerName));
            boolean present = !value.isMissingNode() && !value.isNull();
            if (header.isEmpty()) {
                if (present) {
                    return McpError.headerMismatch("the " + headerName + " header is required: the tool mirrors"
                            + " argument '" + String.join(".", param.path()) + "' into it");
                }
                continue;
            }
            String decoded = visible(header.get()) ? decode(header.get().strip()) : null;
            if (decoded == null) {
                return McpError.headerMismatch("the " + headerName + " header has characters a header value cannot"
                        + " carry, or broken Base64 sentinel encoding");
            }
            if (!present || !matches(param.type(), decoded, value)) {
                return McpError.headerMismatch(headerName + " header value '" + header.get()
                        + "' does not match body value " + (present ? value.toString() : "(none)"));
            }
        }
        return null;
    }

    /** RFC 9110 field-value characters: visible ASCII, space and tab. */
    private static boolean visible(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(String type, String header, JsonNode value) {
        return switch (type) {
            case "integer" -> {
                try {
                    yield value.isNumber() && new BigDecimal(header).compareTo(value.decimalValue()) == 0;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            case "boolean" -> value.isBoolean() && header.equals(String.valueOf(value.booleanValue()));
            default -> value.isTextual() && header.equals(value.textValue());
        };
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
        if (encoded.length() % 4 != 0) {
            return null; // padding is required: a value cut short must not pass as another one
        }
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

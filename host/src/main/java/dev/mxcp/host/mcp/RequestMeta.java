package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.guest.ClientChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a modern (2026-07-28) request says about its client in {@code _meta}, in place of a session: the
 * protocol version, the client's capabilities for this request, who it is, and the log level it wants
 * (none: no {@code notifications/message} at all), and the caller's OpenTelemetry trace context.
 *
 * @param clientInfo null when the client did not say (it is a SHOULD)
 * @param logLevel null when the request asks for no log messages
 * @param traceContext the W3C {@code traceparent} and {@code tracestate} the request carries (keys the
 *                     revision reserves unprefixed for OpenTelemetry); empty when it carries none
 */
record RequestMeta(String protocolVersion, ObjectNode clientCapabilities, JsonNode clientInfo,
                   ClientChannel.Level logLevel, Map<String, String> traceContext) {

    static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    /** The trace context keys read; {@code baggage} is not propagated (no part of the host reads it). */
    private static final List<String> TRACE_CONTEXT = List.of("traceparent", "tracestate");

    /**
     * Reads and checks the {@code _meta} of a modern request.
     *
     * @throws McpError -32602 when {@code _meta}, its protocol version or its client capabilities are missing
     *                  or malformed; -32022 for a version this server does not speak
     */
    static RequestMeta read(ObjectNode params) {
        JsonNode meta = params.get("_meta");
        if (!(meta instanceof ObjectNode)) {
            throw McpError.invalidParams("_meta is required and must be an object (with " + PROTOCOL_VERSION
                    + " and " + CLIENT_CAPABILITIES + ")");
        }
        JsonNode version = meta.get(PROTOCOL_VERSION);
        if (version == null || !version.isTextual()) {
            throw McpError.invalidParams("_meta." + PROTOCOL_VERSION + " is required and must be a string");
        }
        if (!ProtocolVersion.isModern(version.textValue())) {
            throw McpError.unsupportedVersion(version.textValue());
        }
        if (!(meta.get(CLIENT_CAPABILITIES) instanceof ObjectNode capabilities)) {
            throw McpError.invalidParams("_meta." + CLIENT_CAPABILITIES + " is required and must be an object");
        }
        JsonNode info = meta.get(CLIENT_INFO);
        return new RequestMeta(version.textValue(), capabilities, info != null && info.isObject() ? info : null,
                logLevel(meta.get(LOG_LEVEL)), traceContext(meta));
    }

    private static Map<String, String> traceContext(JsonNode meta) {
        Map<String, String> context = new LinkedHashMap<>();
        for (String key : TRACE_CONTEXT) {
            JsonNode value = meta.get(key);
            if (value != null && value.isTextual()) {
                context.put(key, value.textValue());
            }
        }
        return Map.copyOf(context);
    }

    private static ClientChannel.Level logLevel(JsonNode level) {
        if (level == null || level.isNull()) {
            return null;
        }
        try {
            return ClientChannel.Level.valueOf(level.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw McpError.invalidParams("_meta." + LOG_LEVEL + " must be one of " + RequestChannel.levelNames()
                    + ", got '" + level.asText() + "'");
        }
    }

    /** Whether the request declared {@code capability} (e.g. "sampling", "elicitation", "roots"). */
    boolean declares(String capability) {
        return clientCapabilities.hasNonNull(capability);
    }
}

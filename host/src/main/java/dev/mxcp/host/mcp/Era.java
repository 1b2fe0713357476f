package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Which rules a message is served by. The one place that decides, per message, on every transport: a
 * request whose {@code _meta} names a protocol version, or (HTTP) one outside any session whose
 * {@code MCP-Protocol-Version} header names a modern revision, is {@link #MODERN}: stateless, its client's
 * capabilities, identity and log level read from that request alone. Everything else, {@code initialize}
 * first, is {@link #LEGACY}: the session rules of revisions up to 2025-11-25.
 */
public enum Era {
    LEGACY, MODERN;

    /**
     * The era of {@code message}.
     *
     * @param headerVersion the HTTP {@code MCP-Protocol-Version} header, or null (stdio, or absent)
     * @param inSession whether the message names a session (HTTP {@code Mcp-Session-Id}; stdio: false)
     */
    public static Era of(JsonRpc.Message message, String headerVersion, boolean inSession) {
        ObjectNode params = switch (message) {
            case JsonRpc.Request request -> request.params();
            case JsonRpc.Notification notification -> notification.params();
            case JsonRpc.Response response -> null;
        };
        if (params == null) {
            return LEGACY; // answers to this server's requests exist only in legacy sessions
        }
        if (params.path("_meta").has(RequestMeta.PROTOCOL_VERSION)) {
            return MODERN;
        }
        boolean initialize = message instanceof JsonRpc.Request request
                && McpMethod.INITIALIZE.wireName().equals(request.method());
        return !initialize && !inSession && ProtocolVersion.isModern(headerVersion) ? MODERN : LEGACY;
    }
}

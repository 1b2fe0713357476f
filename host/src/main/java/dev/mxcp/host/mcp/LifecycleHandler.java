package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.guest.ClientChannel;
import dev.mxcp.host.json.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code initialize} (version negotiation, capabilities, server info) and {@code logging/setLevel}; for modern
 * clients {@code server/discover}.
 */
final class LifecycleHandler {

    private final McpOptions options;

    LifecycleHandler(McpOptions options) {
        this.options = options;
    }

    Map<String, Object> initialize(Session session, ObjectNode params) {
        String requested = Params.text(params, "protocolVersion");
        JsonNode capabilities = params.get("capabilities");
        String version = ProtocolVersion.negotiate(requested);
        session.initialized(version, capabilities instanceof ObjectNode caps ? caps : Json.MAPPER.createObjectNode());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("protocolVersion", version);
        result.put("capabilities", capabilities(version));
        result.put("serverInfo", serverInfo());
        if (options.instructions() != null) {
            result.put("instructions", options.instructions());
        }
        return result;
    }

    /** {@code server/discover} (2026-07-28): every revision this server speaks, its capabilities, instructions. */
    Map<String, Object> discover() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("supportedVersions", ProtocolVersion.ALL);
        // listChanged and subscribe: delivered on subscriptions/listen streams
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("logging", Map.of());
        caps.put("completions", Map.of());
        caps.put("prompts", Map.of("listChanged", true));
        caps.put("resources", Map.of("subscribe", true, "listChanged", true));
        caps.put("tools", Map.of("listChanged", true));
        caps.put("extensions", Map.of(Tasks.EXTENSION, Map.of()));
        result.put("capabilities", caps);
        if (options.instructions() != null) {
            result.put("instructions", options.instructions());
        }
        return result;
    }

    /** The server's name and version (legacy {@code serverInfo}; modern {@code _meta} of every result). */
    Map<String, Object> serverInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", options.serverName());
        info.put("version", options.serverVersion());
        return info;
    }

    /** What this server offers; completions exist from 2025-03-26 on. */
    private static Map<String, Object> capabilities(String version) {
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("logging", Map.of());
        if (ProtocolVersion.atLeast(version, "2025-03-26")) {
            caps.put("completions", Map.of());
        }
        caps.put("prompts", Map.of("listChanged", true));
        caps.put("resources", Map.of("subscribe", true, "listChanged", true));
        caps.put("tools", Map.of("listChanged", true));
        return caps;
    }

    Map<String, Object> setLevel(Session session, ObjectNode params) {
        String level = Params.text(params, "level");
        try {
            session.logLevel(ClientChannel.Level.valueOf(level.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw McpError.invalidParams("level must be one of " + RequestChannel.levelNames() + ", got '" + level + "'");
        }
        return Map.of();
    }
}

package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading request params; anything missing or of the wrong shape is {@code -32602}. */
final class Params {

    private Params() {
    }

    static String text(ObjectNode params, String key) {
        JsonNode value = params.get(key);
        if (value == null || !value.isTextual()) {
            throw McpError.invalidParams("\"" + key + "\" must be a string");
        }
        return value.textValue();
    }

    static ObjectNode object(ObjectNode params, String key) {
        JsonNode value = params.get(key);
        if (value == null || !value.isObject()) {
            throw McpError.invalidParams("\"" + key + "\" must be an object");
        }
        return (ObjectNode) value;
    }

    /** An optional object of arguments as plain Java values; absent or null is empty. */
    static Map<String, Object> arguments(ObjectNode params, String key) {
        JsonNode value = params.get(key);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw McpError.invalidParams("\"" + key + "\" must be an object");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        value.properties().forEach(e -> args.put(e.getKey(), Json.toJava(e.getValue())));
        return args;
    }
}

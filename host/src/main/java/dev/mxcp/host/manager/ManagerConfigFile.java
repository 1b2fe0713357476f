package dev.mxcp.host.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.YamlDocument;
import dev.mxcp.host.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manager's optional configuration file (the seed's {@code config_path}, {@code MXCP_MANAGER_CONFIG}, the site
 * file's {@code gateway.config}), YAML or JSON: {@code servers:} maps server ids to server configs, and
 * {@code defaults:} holds config keys every server takes unless it sets them (objects such as
 * {@code health_check} are merged key by key).
 */
public final class ManagerConfigFile {

    private ManagerConfigFile() {
    }

    /** The servers of {@code file}, by id, with the defaults applied; one line naming the file when it is wrong. */
    public static Map<String, JsonNode> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MxcpException("MCP manager config " + file + ": no such file");
        }
        YamlDocument doc = YamlDocument.read(file);
        if (!(doc.data() instanceof Map<?, ?> top)) {
            throw new MxcpException("MCP manager config " + file + ": expected a mapping with 'servers'");
        }
        JsonNode defaults = Json.MAPPER.createObjectNode();
        Map<?, ?> byId = Map.of();
        for (Map.Entry<?, ?> entry : top.entrySet()) {
            switch (String.valueOf(entry.getKey())) {
                case "servers" -> {
                    if (!(entry.getValue() instanceof Map<?, ?> servers)) {
                        throw new MxcpException("MCP manager config " + file + ": 'servers' must map server ids to configs");
                    }
                    byId = servers;
                }
                case "defaults" -> {
                    if (!(entry.getValue() instanceof Map<?, ?>)) {
                        throw new MxcpException("MCP manager config " + file + ": 'defaults' must be a mapping of"
                                + " server config keys");
                    }
                    defaults = Json.toTree(entry.getValue());
                }
                default -> throw new MxcpException("MCP manager config " + file + ": unknown key '" + entry.getKey()
                        + "' (only 'servers' and 'defaults')");
            }
        }
        Map<String, JsonNode> servers = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : byId.entrySet()) {
            JsonNode config = Json.toTree(entry.getValue());
            servers.put(String.valueOf(entry.getKey()), config.isObject() ? withDefaults(defaults, (ObjectNode) config) : config);
        }
        return servers;
    }

    /** {@code config} over {@code defaults}: objects merge one level deep, anything else the server sets wins. */
    static JsonNode withDefaults(JsonNode defaults, ObjectNode config) {
        ObjectNode merged = defaults.deepCopy();
        config.properties().forEach(e -> {
            JsonNode base = merged.get(e.getKey());
            if (base != null && base.isObject() && e.getValue().isObject()) {
                ObjectNode both = base.deepCopy();
                both.setAll((ObjectNode) e.getValue());
                merged.set(e.getKey(), both);
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        });
        return merged;
    }
}

package dev.mxcp.host.mcp;

import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.JsonSchemas;
import dev.mxcp.host.endpoint.ParamHeaders;
import dev.mxcp.host.endpoint.PromptDef;
import dev.mxcp.host.endpoint.ResourceDef;
import dev.mxcp.host.endpoint.ToolDef;
import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.host.engine.ServedEndpoints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP list entries of one {@link ServedEndpoints} view, rendered once per load so that lists are sent as
 * they are and reloads are diffed by comparing entries. Lookups are the view's ({@link #served}); this class
 * only says how the listed endpoints look on the wire.
 */
final class Catalog {

    /** The view the entries were rendered from: the one lookup table of what is served. */
    final ServedEndpoints served;
    final List<Map<String, Object>> tools;
    final List<Map<String, Object>> resources;
    final List<Map<String, Object>> templates;
    final List<Map<String, Object>> prompts;
    /** The parameters each tool has mirrored into {@code Mcp-Param-*} headers, for tools that have any. */
    final Map<String, List<ParamHeaders.ParamHeader>> paramHeaders;

    private Catalog(ServedEndpoints served) {
        this.served = served;
        this.tools = entries(served.listed(EndpointDef.Kind.TOOL));
        this.resources = entries(served.listed(EndpointDef.Kind.RESOURCE));
        this.templates = entries(served.listedTemplates());
        this.prompts = entries(served.listed(EndpointDef.Kind.PROMPT));
        Map<String, List<ParamHeaders.ParamHeader>> headers = new LinkedHashMap<>();
        for (Endpoint endpoint : served.listed(EndpointDef.Kind.TOOL)) {
            if (endpoint.definition() instanceof ToolDef tool && tool.inputSchema() != null) {
                try {
                    List<ParamHeaders.ParamHeader> mirrored = ParamHeaders.of(tool.inputSchema());
                    if (!mirrored.isEmpty()) {
                        headers.put(tool.name(), mirrored);
                    }
                } catch (ParamHeaders.Invalid e) {
                    // only a gateway's upstream tool gets here (the loader refuses a project's): its headers are
                    // its server's to check
                }
            }
        }
        this.paramHeaders = Map.copyOf(headers);
    }

    static Catalog of(ServedEndpoints served) {
        return new Catalog(served);
    }

    private static List<Map<String, Object>> entries(List<Endpoint> endpoints) {
        return endpoints.stream().map(endpoint -> switch (endpoint.definition()) {
            case ToolDef tool -> toolEntry(tool);
            case ResourceDef resource -> resourceEntry(resource);
            case PromptDef prompt -> promptEntry(prompt);
        }).toList();
    }

    private static Map<String, Object> toolEntry(ToolDef tool) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", tool.name());
        ToolDef.Annotations annotations = tool.annotations();
        if (annotations != null && annotations.title() != null) {
            entry.put("title", annotations.title());
        }
        putIfSet(entry, "description", tool.description());
        entry.put("inputSchema", tool.advertisedInputSchema());
        if (tool.returns() != null) {
            entry.put("outputSchema", JsonSchemas.outputSchema(tool.returns()));
        }
        if (annotations != null) {
            Map<String, Object> hints = new LinkedHashMap<>();
            putIfSet(hints, "title", annotations.title());
            putIfSet(hints, "readOnlyHint", annotations.readOnlyHint());
            putIfSet(hints, "destructiveHint", annotations.destructiveHint());
            putIfSet(hints, "idempotentHint", annotations.idempotentHint());
            putIfSet(hints, "openWorldHint", annotations.openWorldHint());
            if (!hints.isEmpty()) {
                entry.put("annotations", hints);
            }
        }
        return entry;
    }

    private static Map<String, Object> resourceEntry(ResourceDef resource) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(resource.template().isTemplate() ? "uriTemplate" : "uri", resource.uri());
        entry.put("name", resource.name() != null ? resource.name() : resource.uri());
        putIfSet(entry, "description", resource.description());
        putIfSet(entry, "mimeType", resource.mimeType());
        return entry;
    }

    private static Map<String, Object> promptEntry(PromptDef prompt) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", prompt.name());
        putIfSet(entry, "description", prompt.description());
        List<Map<String, Object>> arguments = new ArrayList<>();
        for (TypeSpec parameter : prompt.parameters()) {
            Map<String, Object> argument = new LinkedHashMap<>();
            argument.put("name", parameter.name());
            putIfSet(argument, "description", parameter.description());
            argument.put("required", !parameter.hasDefault());
            arguments.add(argument);
        }
        entry.put("arguments", arguments);
        return entry;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}

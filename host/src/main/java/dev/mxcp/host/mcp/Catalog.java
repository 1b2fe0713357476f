package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.EndpointSet;
import dev.mxcp.host.endpoint.JsonSchemas;
import dev.mxcp.host.endpoint.PromptDef;
import dev.mxcp.host.endpoint.ResourceDef;
import dev.mxcp.host.endpoint.ToolDef;
import dev.mxcp.host.endpoint.TypeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server offers, built once per loaded {@link EndpointSet}: the served endpoints with their MCP
 * list entries ready to send, and maps for lookups by name or URI. Nothing is derived per call.
 * Disabled endpoints are left out, and so are endpoints with policies, which this version refuses to run.
 */
final class Catalog {

    private static final System.Logger LOG = System.getLogger(Catalog.class.getName());

    /** A served tool; {@code wraps} says whether structured results are {@code {"result": value}}. */
    record Tool(Endpoint endpoint, ToolDef def, Map<String, Object> entry, boolean wraps) {
    }

    /** A served resource or resource template. */
    record Resource(Endpoint endpoint, ResourceDef def, Map<String, Object> entry) {
    }

    /** A served prompt. */
    record Prompt(Endpoint endpoint, PromptDef def, Map<String, Object> entry) {
    }

    final List<Tool> tools = new ArrayList<>();
    final List<Resource> resources = new ArrayList<>();
    final List<Resource> templates = new ArrayList<>();
    final List<Prompt> prompts = new ArrayList<>();
    private final Map<String, Tool> toolsByName = new HashMap<>();
    private final Map<String, Resource> resourcesByUri = new HashMap<>();
    private final Map<String, Prompt> promptsByName = new HashMap<>();

    private Catalog() {
    }

    static Catalog of(EndpointSet endpoints) {
        Catalog catalog = new Catalog();
        for (Endpoint endpoint : endpoints.all()) {
            EndpointDef def = endpoint.definition();
            if (!def.enabled()) {
                continue;
            }
            if (!def.policies().isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, endpoint.label() + " declares policies, which this version does"
                        + " not enforce yet; it is not served");
                continue;
            }
            switch (def) {
                case ToolDef tool -> catalog.add(new Tool(endpoint, tool, toolEntry(tool),
                        tool.returns() != null && JsonSchemas.wrapsOutput(tool.returns())));
                case ResourceDef resource -> catalog.add(new Resource(endpoint, resource, resourceEntry(resource)));
                case PromptDef prompt -> catalog.add(new Prompt(endpoint, prompt, promptEntry(prompt)));
            }
        }
        return catalog;
    }

    private void add(Tool tool) {
        tools.add(tool);
        toolsByName.put(tool.def().name(), tool);
    }

    private void add(Resource resource) {
        if (resource.def().template().isTemplate()) {
            templates.add(resource);
        } else {
            resources.add(resource);
            resourcesByUri.put(resource.def().uri(), resource);
        }
    }

    private void add(Prompt prompt) {
        prompts.add(prompt);
        promptsByName.put(prompt.def().name(), prompt);
    }

    Tool tool(String name) {
        return toolsByName.get(name);
    }

    Prompt prompt(String name) {
        return promptsByName.get(name);
    }

    /** The resource at {@code uri}: a static one, else the first template that matches it; null if none. */
    Resource resource(String uri) {
        Resource exact = resourcesByUri.get(uri);
        if (exact != null) {
            return exact;
        }
        for (Resource template : templates) {
            if (template.def().template().match(uri).isPresent()) {
                return template;
            }
        }
        return null;
    }

    /** A template by its URI template text, for completion. */
    Resource template(String uriTemplate) {
        return templates.stream().filter(t -> t.def().uri().equals(uriTemplate)).findFirst().orElse(null);
    }

    private static Map<String, Object> toolEntry(ToolDef tool) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", tool.name());
        ToolDef.Annotations annotations = tool.annotations();
        if (annotations != null && annotations.title() != null) {
            entry.put("title", annotations.title());
        }
        putIfSet(entry, "description", tool.description());
        JsonNode inputSchema = tool.inputSchema();
        entry.put("inputSchema", inputSchema != null ? inputSchema : JsonSchemas.inputSchema(tool.parameters()));
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

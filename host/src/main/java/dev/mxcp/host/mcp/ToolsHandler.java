package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.guest.Content;
import dev.mxcp.guest.ToolResult;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.JsonSchemas;
import dev.mxcp.host.endpoint.ToolDef;
import dev.mxcp.host.engine.CallResult;
import dev.mxcp.host.engine.ServedEndpoint;
import dev.mxcp.host.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tools/list} and {@code tools/call}. A plain result becomes {@code structuredContent} (when the tool
 * declares a return type, wrapped as {@code {"result": value}} for non-object types) with its JSON text as
 * the content; a string is its own text. Rich results (content, {@link ToolResult}) are sent as they are.
 */
final class ToolsHandler {

    private final Env env;

    ToolsHandler(Env env) {
        this.env = env;
    }

    Map<String, Object> list(ObjectNode params) {
        return Pagination.page(params, env.catalog().get().tools, env.options().pageSize(), "tools", entry -> entry);
    }

    /** Whether the tool a {@code tools/call} names may run as a task; forbidden for an unknown tool (the call says so). */
    ToolDef.TaskSupport taskSupport(ObjectNode params) {
        return params.path("name").isTextual() ? env.catalog().get().served
                .find(EndpointDef.Kind.TOOL, params.get("name").textValue())
                .map(tool -> ((ToolDef) tool.endpoint().definition()).taskSupport())
                .orElse(ToolDef.TaskSupport.FORBIDDEN) : ToolDef.TaskSupport.FORBIDDEN;
    }

    Map<String, Object> call(ObjectNode params, RequestChannel channel) {
        String name = Params.text(params, "name");
        ServedEndpoint tool = env.catalog().get().served.find(EndpointDef.Kind.TOOL, name)
                .orElseThrow(() -> McpError.invalidParams("Unknown tool: " + name));
        Map<String, Object> args = Params.arguments(params, "arguments");
        CallResult result;
        try {
            result = env.runtime().call(tool.call(args, channel.callContext(), true));
        } catch (RuntimeException e) {
            return Errors.toolResult(e);
        }
        return result((ToolDef) tool.endpoint().definition(), result);
    }

    /** The CallToolResult for what the endpoint returned. */
    static Map<String, Object> result(ToolDef tool, CallResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (result) {
            case CallResult.Rich rich -> {
                ToolResult full = rich.result();
                List<Content> content = full.content();
                if (content.isEmpty() && full.structured() != null) {
                    content = List.of(Content.text(text(full.structured())));
                }
                out.put("content", ContentJson.writeAll(content));
                if (full.structured() != null) {
                    out.put("structuredContent", structured(tool, full.structured()));
                }
                if (full.isError()) {
                    out.put("isError", true);
                }
            }
            case CallResult.Value plain -> {
                out.put("content", List.of(ContentJson.write(Content.text(text(plain.value())))));
                if (tool.returns() != null) {
                    out.put("structuredContent", structured(tool, plain.value()));
                }
            }
            case CallResult.Messages messages -> throw new IllegalStateException("a tool rendered prompt messages");
        }
        return out;
    }

    /** Non-object return types are wrapped as {@code {"result": value}}, as the advertised output schema says. */
    private static Object structured(ToolDef tool, Object value) {
        boolean wraps = tool.returns() != null && JsonSchemas.wrapsOutput(tool.returns());
        if (!wraps && value instanceof Map<?, ?>) {
            return value;
        }
        Map<String, Object> wrapped = new LinkedHashMap<>(2);
        wrapped.put("result", value);
        return wrapped;
    }

    /** The text mirror: a string as it is, anything else as JSON. */
    private static String text(Object value) {
        return value instanceof String s ? s : Json.write(value);
    }
}

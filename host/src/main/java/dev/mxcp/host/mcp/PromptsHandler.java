package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.guest.Content;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.engine.CallResult;
import dev.mxcp.host.engine.ServedEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code prompts/list} and {@code prompts/get}. MXCP renders messages as {@code {role, type, prompt}}; MCP
 * wants {@code {role, content}}, so each becomes text, image, audio or embedded-resource content.
 */
final class PromptsHandler {

    private final Env env;

    PromptsHandler(Env env) {
        this.env = env;
    }

    Map<String, Object> list(ObjectNode params) {
        return Pagination.page(params, env.catalog().get().prompts, env.options().pageSize(), "prompts",
                entry -> entry);
    }

    Map<String, Object> get(ObjectNode params, RequestChannel channel) {
        String name = Params.text(params, "name");
        ServedEndpoint prompt = env.catalog().get().served.find(EndpointDef.Kind.PROMPT, name)
                .orElseThrow(() -> McpError.invalidParams("Unknown prompt: " + name));
        CallResult rendered = env.runtime().call(prompt.call(Params.arguments(params, "arguments"),
                channel.callContext(), false));
        List<Map<String, Object>> messages = switch (rendered) {
            case CallResult.Messages all -> all.messages().stream().map(PromptsHandler::message).toList();
            case CallResult.Value value -> throw new IllegalStateException("a prompt returned a value");
            case CallResult.Rich rich -> throw new IllegalStateException("a prompt returned content");
        };
        Map<String, Object> result = new LinkedHashMap<>();
        String description = prompt.endpoint().definition().description();
        if (description != null) {
            result.put("description", description);
        }
        result.put("messages", messages);
        return result;
    }

    private static Map<String, Object> message(Map<?, ?> message) {
        // what the definition made text (any type with a prompt and no data or uri, as MXCP takes it) goes as text
        String type = message.get("data") == null && message.get("uri") == null ? "text" : String.valueOf(message.get("type"));
        String mimeType = (String) message.get("mime_type");
        Content content = switch (type) {
            case "image" -> Content.image((String) message.get("data"), mimeType);
            case "audio" -> Content.audio((String) message.get("data"), mimeType);
            case "resource" -> Content.embedded(new Content.TextResource((String) message.get("uri"), mimeType,
                    String.valueOf(message.get("prompt"))));
            default -> Content.text(String.valueOf(message.get("prompt")));
        };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", wireRole(message.get("role")));
        out.put("content", ContentJson.write(content));
        return out;
    }

    /**
     * MCP prompt messages have only the roles {@code user} and {@code assistant}, while MXCP's messages may say
     * {@code system} (or any role, or none). MXCP's server hands its {@code {role, type, prompt}} dicts to FastMCP,
     * whose prompt renderer accepts only user and assistant messages with content, so {@code prompts/get} fails
     * there. Here an {@code assistant} message stays one and every other message, {@code system} included, goes
     * as {@code user}: the instructions reach the client's model as text it is given, unchanged, and the message
     * is valid MCP. ({@code mxcp run prompt} still shows the role as written.)
     */
    static String wireRole(Object role) {
        return "assistant".equals(role) ? "assistant" : "user";
    }
}

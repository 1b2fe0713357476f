package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The feature methods both eras serve alike (tools, resources, prompts, completion), dispatched in one place:
 * legacy sessions ({@link McpServer}) and modern requests ({@link ModernHandler}) differ only in what comes
 * before (the handshake, {@code _meta}) and in how results are dressed.
 */
record Features(ToolsHandler tools, ResourcesHandler resources, PromptsHandler prompts, CompletionHandler completion) {

    /** The result of {@code method} when it is a feature method, else null (the caller's own methods). */
    Map<String, Object> dispatch(McpMethod method, Session session, ObjectNode params, RequestChannel channel) {
        return switch (method) {
            case TOOLS_LIST -> tools.list(params);
            case TOOLS_CALL -> {
                session.admitToolCall();
                yield tools.call(params, channel);
            }
            case RESOURCES_LIST -> resources.list(params);
            case RESOURCES_TEMPLATES_LIST -> resources.templates(params);
            case RESOURCES_READ -> resources.read(params, channel);
            case PROMPTS_LIST -> prompts.list(params);
            case PROMPTS_GET -> prompts.get(params, channel);
            case COMPLETION_COMPLETE -> completion.complete(params);
            default -> null;
        };
    }
}

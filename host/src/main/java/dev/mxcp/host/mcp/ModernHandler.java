package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.base.CallerContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests of the modern era (2026-07-28): stateless, no handshake. Dispatches to the same feature handlers as
 * legacy sessions, then dresses each result as this revision wants: {@code resultType}, the server's identity
 * in {@code _meta}, and caching hints on discover, list and read results. The methods 2026-07-28 removed
 * (initialize, ping, logging/setLevel, resources/(un)subscribe) are unknown here; {@code subscriptions/listen}
 * takes the place of the last two and of the GET stream.
 */
final class ModernHandler {

    /**
     * How long a client may take a list (or discover) result as fresh: endpoint files change rarely, and a
     * client that wants to hear of changes at once opens {@code subscriptions/listen}.
     */
    static final long LIST_TTL_MS = 60_000;
    /** Reads run the resource's code each time, so their results are stale at once. */
    static final long READ_TTL_MS = 0;

    private final McpOptions options;
    private final LifecycleHandler lifecycle;
    private final ToolsHandler tools;
    private final ResourcesHandler resources;
    private final PromptsHandler prompts;
    private final CompletionHandler completion;
    private final Subscriptions subscriptions;

    ModernHandler(McpOptions options, LifecycleHandler lifecycle, ToolsHandler tools, ResourcesHandler resources,
                  PromptsHandler prompts, CompletionHandler completion, Subscriptions subscriptions) {
        this.options = options;
        this.lifecycle = lifecycle;
        this.tools = tools;
        this.resources = resources;
        this.prompts = prompts;
        this.completion = completion;
        this.subscriptions = subscriptions;
    }

    Map<String, Object> dispatch(Session session, McpMethod method, JsonRpc.Request request, RequestChannel channel,
                                 CallerContext caller) {
        if (method == null || !method.modern()) {
            throw McpError.methodNotFound(request.method());
        }
        ObjectNode params = request.params();
        Long ttl = switch (method) {
            case SERVER_DISCOVER, TOOLS_LIST, RESOURCES_LIST, RESOURCES_TEMPLATES_LIST, PROMPTS_LIST -> LIST_TTL_MS;
            case RESOURCES_READ -> READ_TTL_MS;
            default -> null;
        };
        Map<String, Object> result = switch (method) {
            case SERVER_DISCOVER -> lifecycle.discover();
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
            case SUBSCRIPTIONS_LISTEN -> subscriptions.listen(request, channel);
            case NOTIFICATION_CANCELLED -> throw McpError.invalidRequest(method.wireName()
                    + " is a notification: send it without an id");
            default -> throw McpError.methodNotFound(request.method());
        };
        if (!channel.missingCapabilities().isEmpty()) {
            // whatever the endpoint made of the refusal, the request needed what the client did not declare
            throw new McpError(McpError.MISSING_CLIENT_CAPABILITY, "Missing required client capability: "
                    + String.join(", ", channel.missingCapabilities().keySet()),
                    Map.of("requiredCapabilities", Map.copyOf(channel.missingCapabilities())));
        }
        return complete(result, ttl, caller);
    }

    /** A complete result: {@code resultType}, caching hints when {@code ttlMs} is set, and the server's identity. */
    private Map<String, Object> complete(Map<String, Object> result, Long ttlMs, CallerContext caller) {
        Map<String, Object> out = new LinkedHashMap<>(result);
        out.put("resultType", "complete");
        if (ttlMs != null) {
            out.put("ttlMs", ttlMs);
            // an authenticated caller's answer may depend on who asked: no cache may share it across callers
            out.put("cacheScope", caller.user() == null ? "public" : "private");
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        if (result.get("_meta") instanceof Map<?, ?> own) { // e.g. a subscription's id
            own.forEach((k, v) -> meta.put((String) k, v));
        }
        meta.put(RequestMeta.SERVER_INFO, lifecycle.serverInfo());
        out.put("_meta", meta);
        return out;
    }

    /** A legacy error as the modern era words it: "resource not found" became invalid params (SEP-2164). */
    static McpError error(McpError error) {
        return error.code() == McpError.RESOURCE_NOT_FOUND
                ? new McpError(McpError.INVALID_PARAMS, error.getMessage(), error.data()) : error;
    }
}

package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.base.CallerContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests of the modern era (2026-07-28): stateless, no handshake. Dispatches to the same feature handlers as
 * legacy sessions, then dresses each result as this revision wants: {@code resultType}, the server's identity
 * in {@code _meta}, and caching hints on discover, list and read results. The methods 2026-07-28 removed
 * (initialize, ping, logging/setLevel, resources/(un)subscribe) are unknown here. A tool call or resource read
 * whose code asks the client for input without an answer yet is answered with an {@code InputRequiredResult}
 * (multi round-trip requests, see {@link InputRound} and {@link RequestState}); prompts run no code.
 */
final class ModernHandler {

    /**
     * How long a client may take a list (or discover) result as fresh: endpoint files change rarely, and until
     * {@code subscriptions/listen} exists a modern client hears of changes only by asking again.
     */
    static final long LIST_TTL_MS = 60_000;
    /** Reads run the resource's code each time, so their results are stale at once. */
    static final long READ_TTL_MS = 0;

    private final McpOptions options;
    private final LifecycleHandler lifecycle;
    private final Features features;

    ModernHandler(McpOptions options, LifecycleHandler lifecycle, Features features) {
        this.options = options;
        this.lifecycle = lifecycle;
        this.features = features;
    }

    Map<String, Object> dispatch(Session session, McpMethod method, JsonRpc.Request request, RequestChannel channel,
                                 CallerContext caller) {
        if (method == null || !method.modern()) {
            throw McpError.methodNotFound(request.method());
        }
        ObjectNode params = request.params();
        String binding = switch (method) {
            case TOOLS_CALL, PROMPTS_GET, RESOURCES_READ -> takeInputs(method, params, channel.inputs(), caller);
            default -> null; // no other method may answer input_required, and none runs code that asks
        };
        Long ttl = switch (method) {
            case SERVER_DISCOVER, TOOLS_LIST, RESOURCES_LIST, RESOURCES_TEMPLATES_LIST, PROMPTS_LIST -> LIST_TTL_MS;
            case RESOURCES_READ -> READ_TTL_MS;
            default -> null;
        };
        Map<String, Object> result;
        try {
            result = method == McpMethod.SERVER_DISCOVER ? lifecycle.discover()
                    : features.dispatch(method, session, params, channel);
        } catch (RuntimeException e) {
            // a read or prompt fails when its code does (a tool call makes it an error result): when that was for
            // want of a capability or of an answer, the refusal or the request for input below is the response
            if (channel.missingCapabilities().isEmpty() && (binding == null || channel.inputs().pending().isEmpty())) {
                throw e;
            }
            result = Map.of();
        }
        if (result == null) {
            throw method == McpMethod.NOTIFICATION_CANCELLED
                    ? McpError.invalidRequest(method.wireName() + " is a notification: send it without an id")
                    : McpError.methodNotFound(request.method());
        }
        if (!channel.missingCapabilities().isEmpty()) {
            // whatever the endpoint made of the refusal, the request needed what the client did not declare
            throw new McpError(McpError.MISSING_CLIENT_CAPABILITY, "Missing required client capability: "
                    + String.join(", ", channel.missingCapabilities().keySet()),
                    Map.of("requiredCapabilities", Map.copyOf(channel.missingCapabilities())));
        }
        if (binding != null && !channel.inputs().pending().isEmpty()) {
            return inputRequired(channel.inputs(), binding); // what the run made of the missing answers is moot
        }
        return complete(result, ttl, caller);
    }

    /**
     * The answers this request brings: those of earlier rounds in its {@code requestState} (verified), and its
     * {@code inputResponses}; keys nothing asks for are ignored. Returns what a new state is bound to.
     */
    private String takeInputs(McpMethod method, ObjectNode params, InputRound inputs, CallerContext caller) {
        String binding = RequestState.binding(method.wireName(), params, caller.user());
        JsonNode state = params.get("requestState");
        if (state != null && !state.isNull()) {
            if (!state.isTextual()) {
                throw McpError.invalidParams("requestState must be the string the server sent");
            }
            inputs.addAnswers(options.requestState().verify(state.textValue(), binding));
        }
        JsonNode responses = params.get("inputResponses");
        if (responses != null && !responses.isNull()) {
            if (!responses.isObject()) {
                throw McpError.invalidParams("inputResponses must be an object of the client's results by key");
            }
            Map<String, JsonNode> answers = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> answer : responses.properties()) {
                if (!answer.getValue().isObject()) {
                    throw McpError.invalidParams("inputResponses." + answer.getKey()
                            + " must be an object (the client's result for that request)");
                }
                answers.put(answer.getKey(), answer.getValue());
            }
            inputs.addAnswers(answers);
        }
        return binding;
    }

    /** The requests the run left unanswered, and the signed state of the answers it used, for the retry. */
    private Map<String, Object> inputRequired(InputRound inputs, String binding) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("resultType", "input_required");
        out.put("inputRequests", inputs.pending());
        out.put("requestState", options.requestState().issue(binding, inputs.used()));
        out.put("_meta", Map.of(RequestMeta.SERVER_INFO, lifecycle.serverInfo()));
        return out;
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
        out.put("_meta", Map.of(RequestMeta.SERVER_INFO, lifecycle.serverInfo()));
        return out;
    }

    /** A legacy error as the modern era words it: "resource not found" became invalid params (SEP-2164). */
    static McpError error(McpError error) {
        return error.code() == McpError.RESOURCE_NOT_FOUND
                ? new McpError(McpError.INVALID_PARAMS, error.getMessage(), error.data()) : error;
    }
}

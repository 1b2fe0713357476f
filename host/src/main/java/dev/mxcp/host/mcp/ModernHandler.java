package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.endpoint.ResourceDef;
import dev.mxcp.host.endpoint.ToolDef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests of the modern era (2026-07-28): stateless, no handshake. Dispatches to the same feature handlers as
 * legacy sessions, then dresses each result as this revision wants: {@code resultType}, the server's identity
 * in {@code _meta}, and caching hints on discover, list and read results. The methods 2026-07-28 removed
 * (initialize, ping, logging/setLevel, resources/(un)subscribe) are unknown here; {@code subscriptions/listen}
 * takes the place of the last two and of the GET stream. A tool call or read whose code asks the client for
 * input without an answer yet, or a prompt with {@code asks}, is answered with an {@code InputRequiredResult}
 * (multi round-trip requests, see {@link InputRound} and {@link RequestState}); a tool that may run as a task
 * does so ({@link Tasks}).
 */
final class ModernHandler {

    /**
     * How long a client may take a list (or discover) result as fresh: endpoint files change rarely, and a
     * client that wants to hear of changes at once opens {@code subscriptions/listen}.
     */
    static final long LIST_TTL_MS = 60_000;
    /** Reads run the resource's code each time, so their results are stale at once (unless its {@code cache} says). */
    static final long READ_TTL_MS = 0;

    private final McpOptions options;
    private final LifecycleHandler lifecycle;
    private final Features features;
    private final Tasks tasks;
    private final Subscriptions subscriptions;

    ModernHandler(McpOptions options, LifecycleHandler lifecycle, Features features, Tasks tasks,
                  Subscriptions subscriptions) {
        this.options = options;
        this.lifecycle = lifecycle;
        this.features = features;
        this.tasks = tasks;
        this.subscriptions = subscriptions;
    }

    Map<String, Object> dispatch(Session session, McpMethod method, JsonRpc.Request request, RequestChannel channel,
                                 CallerContext caller) {
        if (method == null || !method.modern()) {
            throw McpError.methodNotFound(request.method());
        }
        ObjectNode params = request.params();
        switch (method) {
            case TOOLS_CALL -> {
                ToolDef.TaskSupport support = features.tools().taskSupport(params);
                if (support != ToolDef.TaskSupport.FORBIDDEN && Tasks.declared(channel.meta())) {
                    session.admitToolCall();
                    return created(tasks.start(session, params, caller, channel.meta()));
                }
                if (support == ToolDef.TaskSupport.REQUIRED) {
                    throw Tasks.notDeclared();
                }
            }
            case TASKS_GET, TASKS_UPDATE, TASKS_CANCEL -> {
                if (!Tasks.declared(channel.meta())) {
                    throw Tasks.notDeclared();
                }
                return complete(switch (method) {
                    case TASKS_GET -> tasks.get(params, caller);
                    case TASKS_UPDATE -> tasks.update(params, caller);
                    default -> tasks.cancel(params, caller);
                }, null);
            }
            default -> {
            }
        }
        String binding = switch (method) {
            case TOOLS_CALL, PROMPTS_GET, RESOURCES_READ -> takeInputs(method, params, channel.inputs(), caller);
            default -> null; // no other method may answer input_required, and none runs code that asks
        };
        CacheHints hints = switch (method) {
            case SERVER_DISCOVER, TOOLS_LIST, RESOURCES_LIST, RESOURCES_TEMPLATES_LIST, PROMPTS_LIST ->
                    CacheHints.of(LIST_TTL_MS, null, caller);
            case RESOURCES_READ -> answered(params) ? new CacheHints(0, "private") // MRTR rounds: never cached
                    : CacheHints.of(features.resources().cache(params), caller);
            default -> null;
        };
        Map<String, Object> result;
        try {
            result = switch (method) {
                case SERVER_DISCOVER -> lifecycle.discover();
                case SUBSCRIPTIONS_LISTEN -> subscriptions.listen(request, channel);
                default -> features.dispatch(method, session, params, channel);
            };
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
            throw McpError.missingCapability(String.join(", ", channel.missingCapabilities().keySet()),
                    Map.copyOf(channel.missingCapabilities()));
        }
        if (binding != null && !channel.inputs().pending().isEmpty()) {
            return inputRequired(channel.inputs(), binding); // what the run made of the missing answers is moot
        }
        return complete(result, hints);
    }

    /**
     * The caching hints of a result: how long it stays fresh and who may share it. An authenticated caller's
     * answer may depend on who asked, so unless the endpoint says otherwise no shared cache may hold it.
     */
    record CacheHints(long ttlMs, String scope) {
        static CacheHints of(long ttlMs, ResourceDef.Cache.Scope scope, CallerContext caller) {
            return new CacheHints(ttlMs, scope != null ? scope.wireName() : caller.user() == null ? "public" : "private");
        }

        /** A read's hints: the resource's own, else {@link #READ_TTL_MS}. */
        static CacheHints of(ResourceDef.Cache cache, CallerContext caller) {
            return cache == null ? of(READ_TTL_MS, null, caller)
                    : of(cache.ttlMs() != null ? cache.ttlMs() : READ_TTL_MS, cache.scope(), caller);
        }
    }

    /** Whether a request carries answers of a multi round-trip exchange (SEP-2322: such results are not cached). */
    private static boolean answered(ObjectNode params) {
        return params.hasNonNull("inputResponses") || params.hasNonNull("requestState");
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
            inputs.addAnswers(InputRound.responses(responses));
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

    /** A {@code CreateTaskResult}: the new task's fields, flat, with {@code resultType: task}. */
    private Map<String, Object> created(Map<String, Object> task) {
        Map<String, Object> out = new LinkedHashMap<>(task);
        out.put("resultType", "task");
        out.put("_meta", Map.of(RequestMeta.SERVER_INFO, lifecycle.serverInfo()));
        return out;
    }

    /** A complete result: {@code resultType}, caching hints (or null), and the server's identity. */
    private Map<String, Object> complete(Map<String, Object> result, CacheHints hints) {
        Map<String, Object> out = new LinkedHashMap<>(result);
        out.put("resultType", "complete");
        if (hints != null) {
            out.put("ttlMs", hints.ttlMs());
            out.put("cacheScope", hints.scope());
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

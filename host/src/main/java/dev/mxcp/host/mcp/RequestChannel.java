package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.guest.ClientChannel;
import dev.mxcp.guest.ClientRequestException;
import dev.mxcp.guest.Elicitation;
import dev.mxcp.guest.Sampling;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link ClientChannel} of one client request: logs, progress and server-to-client requests go on the
 * request's own response stream, as long as the request runs; cancelling the request cancels its work and
 * any answer it awaits.
 */
final class RequestChannel implements ClientChannel {

    private final Session session;
    private final ResponseStream stream;
    private final JsonNode progressToken;
    private final Duration clientTimeout;
    private final CallerContext caller;
    /** The modern request's own {@code _meta}, or null for a request of a legacy session. */
    private final RequestMeta meta;
    /** Modern: the client capabilities the call asked for and the request did not declare (answered -32021). */
    private final Map<String, Object> missingCapabilities = new java.util.concurrent.ConcurrentHashMap<>();
    /** Modern: the client's answers so far and the requests to it still unanswered; null for legacy. */
    private final InputRound inputs;
    private final Cancellation cancellation = new Cancellation();
    private volatile boolean done;
    private double lastProgress = Double.NEGATIVE_INFINITY;

    /**
     * @param caller the HTTP request's user and headers (lower-case names); no headers over stdio
     * @param meta a modern request's {@code _meta}, or null for a request of a legacy session
     */
    RequestChannel(Session session, ResponseStream stream, JsonNode progressToken, Duration clientTimeout,
                   CallerContext caller, RequestMeta meta) {
        this.meta = meta;
        this.inputs = meta == null ? null : new InputRound();
        this.session = session;
        this.stream = stream;
        this.progressToken = progressToken;
        this.clientTimeout = clientTimeout;
        this.caller = caller;
    }

    /** The context endpoint calls of this request run in: its caller, this channel, its cancellation. */
    CallContext callContext() {
        return new CallContext(caller, this, cancellation, new CallContext.Origin(
                caller.requestHeaders() == null ? "stdio" : "http", session.id().isEmpty() ? null : session.id(),
                meta == null ? null : meta.traceContext()));
    }

    Cancellation cancellation() {
        return cancellation;
    }

    /** Sends a notification of this request on its stream; false when the stream is gone. */
    boolean notify(byte[] frame) {
        return !done && stream.send(frame);
    }

    /** See {@link ResponseStream#keepAlive()}. */
    boolean keepAlive() {
        return stream.keepAlive();
    }

    /** After the response: nothing more may be sent for this request. */
    void finish() {
        done = true;
    }

    /** Modern: the capabilities the call needed and the request did not declare, as a ClientCapabilities object. */
    Map<String, Object> missingCapabilities() {
        return missingCapabilities;
    }

    /** A modern request's own {@code _meta}, or null for a request of a legacy session. */
    RequestMeta meta() {
        return meta;
    }

    /** Modern: this run's round of requests to the client; null for a request of a legacy session. */
    InputRound inputs() {
        return inputs;
    }

    /** The revision the request speaks: its own (modern) or its session's. */
    private String protocolVersion() {
        return meta != null ? meta.protocolVersion() : session.protocolVersion();
    }

    @Override
    public void log(Level level, String message) {
        // a modern request without a log level gets no log messages at all
        Level threshold = meta != null ? meta.logLevel() : session.logLevel();
        if (done || threshold == null || level.ordinal() < threshold.ordinal()) {
            return;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("level", level.name().toLowerCase(Locale.ROOT));
        params.put("logger", "mxcp");
        params.put("data", message);
        stream.send(JsonRpc.notification("notifications/message", params));
    }

    @Override
    public boolean wantsProgress() {
        return progressToken != null && !done;
    }

    @Override
    public synchronized void progress(double progress, Double total, String message) {
        if (done || progressToken == null || !(progress > lastProgress)) {
            return;
        }
        lastProgress = progress;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("progressToken", progressToken);
        params.put("progress", progress);
        if (total != null) {
            params.put("total", total);
        }
        if (message != null && ProtocolVersion.atLeast(protocolVersion(), "2025-03-26")) {
            params.put("message", message);
        }
        stream.send(JsonRpc.notification("notifications/progress", params));
    }

    @Override
    public Sampling.Result sample(Sampling.Request request) {
        Map<String, Object> params = new LinkedHashMap<>(request.extra());
        params.put("messages", request.messages().stream().map(m -> Map.of(
                "role", m.role(), "content", ContentJson.write(m.content()))).toList());
        params.put("maxTokens", request.maxTokens());
        if (request.systemPrompt() != null) {
            params.put("systemPrompt", request.systemPrompt());
        }
        if (request.temperature() != null) {
            params.put("temperature", request.temperature());
        }
        JsonNode result = ask("sampling", request.key(), "sampling/createMessage", params);
        return new Sampling.Result(result.path("role").asText("assistant"), ContentJson.read(result.path("content")),
                result.path("model").textValue(), result.path("stopReason").textValue());
    }

    @Override
    public Elicitation.Result elicit(Elicitation.Request request) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("message", request.message());
        params.put("requestedSchema", request.requestedSchema());
        JsonNode result = ask("elicitation", request.key(), "elicitation/create", params);
        Elicitation.Action action = switch (result.path("action").asText()) {
            case "accept" -> Elicitation.Action.ACCEPT;
            case "decline" -> Elicitation.Action.DECLINE;
            case "cancel" -> Elicitation.Action.CANCEL;
            default -> throw new ClientRequestException("the client answered elicitation/create with an unknown action '"
                    + result.path("action").asText() + "'");
        };
        @SuppressWarnings("unchecked")
        Map<String, Object> content = result.path("content").isObject()
                ? Json.MAPPER.convertValue(result.path("content"), Map.class) : Map.of();
        return new Elicitation.Result(action, content);
    }

    @Override
    public List<Root> listRoots(String key) {
        JsonNode result = ask("roots", key, "roots/list", Map.of());
        if (!result.path("roots").isArray()) {
            throw new ClientRequestException("the client answered roots/list without a roots list");
        }
        List<Root> roots = new java.util.ArrayList<>();
        for (JsonNode root : result.path("roots")) {
            if (!root.path("uri").isTextual()) {
                throw new ClientRequestException("the client answered roots/list with a root without a uri");
            }
            roots.add(new Root(root.path("uri").textValue(), root.path("name").textValue()));
        }
        return roots;
    }

    /**
     * The client's answer to {@code method}: asked on this request's stream (a legacy session), or taken from
     * the answers of earlier rounds (modern; none yet: the request goes into the InputRequiredResult).
     */
    private JsonNode ask(String capability, String key, String method, Map<String, Object> params) {
        requireCapability(capability);
        return meta != null ? inputs.answer(key, method, params) : ask(method, params);
    }

    private void requireCapability(String capability) {
        if (meta != null) {
            if (!meta.declares(capability)) {
                missingCapabilities.put(capability, Map.of());
                throw new ClientRequestException("the client does not support " + capability
                        + " (this request did not declare the capability)");
            }
            return;
        }
        if (!session.persistent()) {
            throw new ClientRequestException(capability + " needs a session; this server runs stateless");
        }
        if (!session.clientSupports(capability)) {
            throw new ClientRequestException("the client does not support " + capability
                    + " (it did not declare the capability)");
        }
    }

    /** Sends a request to the client on this request's stream and waits for the answer. */
    private JsonNode ask(String method, Map<String, Object> params) {
        if (done) {
            throw new ClientRequestException(method + ": the request this call belongs to has ended");
        }
        String id = "mxcp-" + session.nextNumber();
        CompletableFuture<JsonRpc.Response> answer = new CompletableFuture<>();
        session.awaiting().put(id, answer);
        try (Cancellation.Registration ignored = cancellation.onCancel(() -> answer.cancel(false))) {
            if (!stream.send(JsonRpc.request(id, method, params))) {
                throw new ClientRequestException(method + ": the client is no longer connected");
            }
            JsonRpc.Response response = answer.get(clientTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.error() != null) {
                throw new ClientRequestException("the client refused " + method + ": "
                        + response.error().path("message").asText("error " + response.error().path("code").asText()));
            }
            return response.result();
        } catch (CancellationException e) {
            throw new ClientRequestException(method + ": cancelled (" + cancellation.reason() + ")");
        } catch (TimeoutException e) {
            throw new ClientRequestException(method + ": the client did not answer within " + clientTimeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientRequestException(method + ": interrupted");
        } catch (ExecutionException e) {
            throw new ClientRequestException(method + ": " + e.getCause().getMessage());
        } finally {
            session.awaiting().remove(id);
        }
    }

    /** The progress token in the request's {@code _meta}, or null when it asks for no progress. */
    static JsonNode progressToken(JsonNode params) {
        JsonNode token = params.path("_meta").path("progressToken");
        return token.isTextual() || token.isIntegralNumber() ? token : null;
    }

    static List<String> levelNames() {
        return java.util.Arrays.stream(Level.values()).map(l -> l.name().toLowerCase(Locale.ROOT)).toList();
    }
}

package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * 2026-07-28 {@code subscriptions/listen}: a request whose response stream stays open and carries the
 * notifications its filter asked for, first {@code notifications/subscriptions/acknowledged} with the filter
 * granted, then {@code list_changed} and {@code resources/updated} as endpoint reloads cause them, each with
 * the request's id as {@code _meta["io.modelcontextprotocol/subscriptionId"]}. It ends when the client goes
 * away or cancels (no response then), or when the server drains or closes: then the listen request gets its
 * result, which carries the subscription id too.
 */
final class Subscriptions {

    static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
    /** A client that went away is found by writing to its stream; HTTP has no other sign of it. */
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * What one stream asked for, which is also what it gets (this server sends every kind).
     *
     * @param uris the resources whose {@code resources/updated} it wants; empty for none
     */
    record Filter(boolean tools, boolean prompts, boolean resources, Set<String> uris, boolean urisAsked) {

        /** The {@code notifications} parameter, checked: -32602 when missing or malformed. */
        static Filter read(ObjectNode params) {
            JsonNode filter = params.get("notifications");
            if (!(filter instanceof ObjectNode)) {
                throw McpError.invalidParams("notifications is required and must be an object (toolsListChanged, "
                        + "promptsListChanged, resourcesListChanged, resourceSubscriptions)");
            }
            JsonNode uris = filter.get("resourceSubscriptions");
            Set<String> wanted = new LinkedHashSet<>();
            if (uris != null && !uris.isNull()) {
                if (!uris.isArray()) {
                    throw McpError.invalidParams("notifications.resourceSubscriptions must be an array of URIs");
                }
                for (JsonNode uri : uris) {
                    if (!uri.isTextual()) {
                        throw McpError.invalidParams("notifications.resourceSubscriptions must be an array of URIs");
                    }
                    wanted.add(uri.textValue());
                }
            }
            return new Filter(flag(filter, "toolsListChanged"), flag(filter, "promptsListChanged"),
                    flag(filter, "resourcesListChanged"), Set.copyOf(wanted), uris != null && !uris.isNull());
        }

        private static boolean flag(JsonNode filter, String name) {
            JsonNode value = filter.get(name);
            if (value != null && !value.isNull() && !value.isBoolean()) {
                throw McpError.invalidParams("notifications." + name + " must be a boolean");
            }
            return value != null && value.asBoolean(false);
        }

        /** The filter as the acknowledgement states it: only what was asked for. */
        Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            if (tools) {
                out.put("toolsListChanged", true);
            }
            if (prompts) {
                out.put("promptsListChanged", true);
            }
            if (resources) {
                out.put("resourcesListChanged", true);
            }
            if (urisAsked) {
                out.put("resourceSubscriptions", List.copyOf(uris));
            }
            return out;
        }
    }

    /** One open stream: its notifications wait here until the request's thread writes them. */
    private record Listener(JsonNode id, Filter filter, BlockingQueue<byte[]> queue) {
    }

    /**
     * Serves one {@code subscriptions/listen} on the calling thread until it ends.
     *
     * @return the closing result, sent when the server ends the subscription (nobody reads it otherwise)
     */
    Map<String, Object> listen(JsonRpc.Request request, RequestChannel channel) {
        Listener listener = new Listener(request.id(), Filter.read(request.params()), new ArrayBlockingQueue<>(256));
        listeners.add(listener);
        try {
            Map<String, Object> ack = new LinkedHashMap<>();
            ack.put("_meta", Map.of(SUBSCRIPTION_ID, listener.id()));
            ack.put("notifications", listener.filter().json());
            boolean open = channel.notify(JsonRpc.notification("notifications/subscriptions/acknowledged", ack));
            long lastWrite = System.nanoTime();
            while (open && !closed && !channel.cancellation().isCancelled()) {
                byte[] frame = listener.queue().poll(200, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    open = channel.notify(frame);
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite > KEEP_ALIVE_NANOS) {
                    open = channel.keepAlive();
                    lastWrite = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            listeners.remove(listener);
        }
        return Map.of("_meta", Map.of(SUBSCRIPTION_ID, listener.id()));
    }

    /** {@code notifications/tools/list_changed} to the streams that asked for it. */
    void toolsChanged() {
        deliver(Filter::tools, "notifications/tools/list_changed");
    }

    void promptsChanged() {
        deliver(Filter::prompts, "notifications/prompts/list_changed");
    }

    void resourcesChanged() {
        deliver(Filter::resources, "notifications/resources/list_changed");
    }

    /** {@code notifications/resources/updated} for each subscribed URI that {@code updated} says changed. */
    void resourcesUpdated(Predicate<String> updated) {
        for (Listener listener : listeners) {
            for (String uri : listener.filter().uris()) {
                if (updated.test(uri)) {
                    listener.queue().offer(frame("notifications/resources/updated", uri, listener.id()));
                }
            }
        }
    }

    /** A stream too slow to take 256 notifications loses the newest: a list_changed repeats an earlier one. */
    private void deliver(Predicate<Filter> wants, String method) {
        for (Listener listener : listeners) {
            if (wants.test(listener.filter())) {
                listener.queue().offer(frame(method, null, listener.id()));
            }
        }
    }

    private static byte[] frame(String method, String uri, JsonNode id) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("_meta", Map.of(SUBSCRIPTION_ID, id));
        if (uri != null) {
            params.put("uri", uri);
        }
        return JsonRpc.notification(method, params);
    }

    /** Ends every stream with its result (drain, shutdown); streams opened afterwards end at once. */
    void close() {
        closed = true;
    }
}

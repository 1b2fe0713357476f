package dev.mxcp.host.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.guest.Content;
import dev.mxcp.guest.ToolResult;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.Policies;
import dev.mxcp.host.endpoint.PromptDef;
import dev.mxcp.host.endpoint.ResourceDef;
import dev.mxcp.host.endpoint.Source;
import dev.mxcp.host.endpoint.ToolDef;
import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.host.engine.CallResult;
import dev.mxcp.host.engine.Gateway;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.json.Json;
import dev.mxcp.host.mcp.ContentJson;
import dev.mxcp.policy.PolicyRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The manager's servers served as one MCP server ({@link McpManager#gateway}): each server's tools, resources
 * and prompts, read with {@code tools/list}, {@code resources/list} and {@code prompts/list} when it is deployed,
 * become endpoints named {@code <server id>__<name>}; resources keep their URIs (a URI names a resource
 * everywhere) and get namespaced names. A call goes to the server through {@link McpManagerImpl#send}: its
 * breaker, health, meters and timeout. Resource templates and the servers' own {@code list_changed}
 * notifications are not followed: a server's lists are read again when it is deployed again.
 */
public final class McpGateway implements Gateway, AutoCloseable {

    /** Between the server id and the upstream name: MCP clients accept it in tool names ({@code [A-Za-z0-9_-]}). */
    public static final String SEPARATOR = "__";

    private static final System.Logger LOG = System.getLogger(McpGateway.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    private static final Source UPSTREAM = new Source("-- forwarded to the upstream server", null, null);

    private final McpManagerImpl manager;
    private final Set<String> tags;
    private final Map<String, Policies> policies;
    private final ProjectRuntime.Subscription deploys;
    /** What each served server offers, by id: read once per deploy. */
    private final Map<String, Lists> lists = new ConcurrentHashMap<>();
    /** The servers whose lists are being read, by id, with the thread reading them. */
    private final Map<String, Thread> reading = new ConcurrentHashMap<>();
    /** The servers whose lists were tried at least once (read, or failed to be). */
    private final Set<String> tried = ConcurrentHashMap.newKeySet();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(List.of(), new IdentityHashMap<>());
    private volatile boolean closed;

    /** Where a served endpoint goes: the server and the upstream name (a resource's URI). */
    private record Route(String serverId, EndpointDef.Kind kind, String name) {
    }

    /** One server's endpoints, with its priority. */
    private record Lists(String serverId, int priority, Map<Endpoint, Route> routes) {
    }

    /** The endpoints served, by priority, and their routes (by identity: the served view hands back these objects). */
    private record Snapshot(List<Endpoint> endpoints, IdentityHashMap<Endpoint, Route> routes) {
    }

    McpGateway(McpManagerImpl manager, Collection<String> tags, Map<String, Policies> policies) {
        this.manager = manager;
        this.tags = Set.copyOf(tags);
        this.policies = Map.copyOf(policies);
        this.deploys = manager.onChange(this::sync);
        sync();
    }

    @Override
    public List<Endpoint> endpoints() {
        return snapshot.endpoints();
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return snapshot.routes().containsKey(endpoint);
    }

    @Override
    public ProjectRuntime.Subscription onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Whether every served server's lists have been tried once: read, or not readable yet (they are tried again
     * and served when read). {@code mxcp serve} waits for this so that its first {@code tools/list} is complete.
     */
    public boolean settled() {
        return tried.containsAll(reading.keySet());
    }

    @Override
    public CallResult call(Endpoint endpoint, Map<String, Object> arguments, CallContext context) {
        Route route = snapshot.routes().get(endpoint);
        if (route == null) { // served by a view taken before its server went away
            throw new MxcpException(endpoint.label() + ": its server is no longer deployed");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        arguments.forEach((name, value) -> {
            if (value != null) { // an optional argument left out is absent upstream, not null
                given.put(name, value);
            }
        });
        ObjectNode params = Json.MAPPER.createObjectNode();
        return switch (route.kind()) {
            case TOOL -> {
                params.put("name", route.name()).set("arguments", Json.toTree(given));
                yield toolResult(manager.send(route.serverId(), "tools/call", params, route.name(), false));
            }
            case RESOURCE -> {
                params.put("uri", route.name());
                yield resourceResult(manager.send(route.serverId(), "resources/read", params, null, true));
            }
            case PROMPT -> {
                ObjectNode args = params.put("name", route.name()).putObject("arguments");
                given.forEach((name, value) -> args.put(name, value instanceof String s ? s : Json.write(value)));
                yield promptResult(manager.send(route.serverId(), "prompts/get", params, null, true));
            }
        };
    }

    private static CallResult toolResult(JsonNode result) {
        List<Content> content = new ArrayList<>();
        result.path("content").forEach(block -> content.add(ContentJson.read(block)));
        Object structured = Json.toJava(result.get("structuredContent"));
        ToolResult tool = new ToolResult(content, structured, result.path("isError").asBoolean(false));
        // output policies see the structured result, else the content as the server sent it
        return new CallResult.Rich(tool, structured != null ? structured : Json.toJava(result.path("content")));
    }

    private static CallResult resourceResult(JsonNode result) {
        List<Content.ResourceContents> contents = new ArrayList<>();
        for (JsonNode c : result.path("contents")) {
            String uri = c.path("uri").asText();
            String mimeType = c.path("mimeType").textValue();
            contents.add(c.has("blob") ? new Content.BlobResource(uri, mimeType, c.path("blob").asText())
                    : new Content.TextResource(uri, mimeType, c.path("text").asText()));
        }
        return new CallResult.Value(contents);
    }

    /** The messages in MXCP's prompt form ({@code role}, {@code type}, {@code prompt}...), which MCP serving reads. */
    private static CallResult promptResult(JsonNode result) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (JsonNode m : result.path("messages")) {
            JsonNode c = m.path("content");
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", m.path("role").asText("user"));
            String type = c.path("type").asText("text");
            message.put("type", type);
            switch (type) {
                case "image", "audio" -> {
                    message.put("data", c.path("data").asText());
                    message.put("mime_type", c.path("mimeType").asText());
                }
                case "resource" -> {
                    message.put("uri", c.path("resource").path("uri").asText());
                    message.put("prompt", c.path("resource").path("text").asText());
                    message.put("mime_type", c.path("resource").path("mimeType").textValue());
                }
                case "text" -> message.put("prompt", c.path("text").asText());
                default -> message.put("prompt", c.toString());
            }
            messages.add(message);
        }
        return new CallResult.Messages(messages);
    }

    /** After a deploy or undeploy: forgets servers gone, starts reading the lists of servers new. */
    private synchronized void sync() {
        if (closed) {
            return;
        }
        Map<String, ServerInfo> served = new LinkedHashMap<>();
        for (ServerInfo info : manager.listServers()) {
            if (tags.isEmpty() || info.tags().stream().anyMatch(tags::contains)) {
                served.put(info.id(), info);
            }
        }
        boolean removed = lists.keySet().removeIf(id -> !served.containsKey(id));
        tried.removeIf(id -> !served.containsKey(id));
        reading.entrySet().removeIf(entry -> {
            if (!served.containsKey(entry.getKey())) {
                entry.getValue().interrupt();
                return true;
            }
            return false;
        });
        for (ServerInfo info : served.values()) {
            if (!lists.containsKey(info.id()) && !reading.containsKey(info.id())) {
                Thread reader = Thread.ofVirtual().name("mcp-gateway-lists-" + info.id()).unstarted(() -> read(info));
                reading.put(info.id(), reader); // before it starts: it reads while it is the server's reader
                reader.start();
            }
        }
        if (removed) {
            publish();
        }
    }

    /** Reads one server's lists, trying again (0.5 s, doubling up to 30 s) while it cannot be reached. */
    private void read(ServerInfo info) {
        Duration wait = FIRST_RETRY;
        while (!closed && reading.get(info.id()) == Thread.currentThread()) {
            try {
                Lists read = lists(info);
                synchronized (this) {
                    if (reading.remove(info.id(), Thread.currentThread())) {
                        lists.put(info.id(), read);
                        publish();
                    }
                }
                return;
            } catch (McpManagerException e) {
                if (e.kind() == McpManagerException.Kind.UNKNOWN_SERVER) {
                    reading.remove(info.id(), Thread.currentThread());
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "Gateway: cannot read the lists of server '" + info.id() + "', trying"
                        + " again in " + Durations.text(wait) + ": " + e.getMessage());
            } catch (RuntimeException e) { // e.g. a list entry without what MCP requires: tried again, said once
                LOG.log(System.Logger.Level.WARNING, "Gateway: the lists of server '" + info.id() + "' cannot be served,"
                        + " trying again in " + Durations.text(wait) + ": " + e, e);
            } finally {
                tried.add(info.id());
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait.multipliedBy(2);
        }
    }

    private Lists lists(ServerInfo info) {
        String id = info.id();
        Policies rules = policies.getOrDefault(id, Policies.NONE);
        Map<Endpoint, Route> routes = new LinkedHashMap<>();
        for (JsonNode tool : page(id, "tools/list", "tools")) {
            String name = tool.path("name").asText();
            String served = id + SEPARATOR + name;
            add(routes, tool(served, tool, policies.getOrDefault(served, rules)), new Route(id, EndpointDef.Kind.TOOL, name));
        }
        for (JsonNode resource : page(id, "resources/list", "resources")) {
            String uri = resource.path("uri").asText();
            String served = id + SEPARATOR + resource.path("name").asText(uri);
            ResourceDef def = new ResourceDef(uri, served, resource.path("description").textValue(), List.of(),
                    resource.path("mimeType").textValue(), List.of(), null, null, UPSTREAM, true, null,
                    policies.getOrDefault(served, rules), null, null);
            add(routes, def, new Route(id, EndpointDef.Kind.RESOURCE, uri));
        }
        for (JsonNode prompt : page(id, "prompts/list", "prompts")) {
            String name = prompt.path("name").asText();
            List<TypeSpec> parameters = new ArrayList<>();
            for (JsonNode argument : prompt.path("arguments")) {
                parameters.add(parameter(argument.path("name").asText(), argument.path("description").textValue(),
                        argument.path("required").asBoolean(false)));
            }
            String served = id + SEPARATOR + name;
            PromptDef def = new PromptDef(served, prompt.path("description").textValue(), List.of(),
                    parameters, null, List.of(), true, null, policies.getOrDefault(served, rules), null);
            add(routes, def, new Route(id, EndpointDef.Kind.PROMPT, name));
        }
        return new Lists(id, info.priority(), routes);
    }

    /**
     * Serves {@code def} with its server's policies compiled for its parameters; an endpoint whose input rules
     * name a parameter it lacks is not served (closed, as a policy that cannot be checked), with a warning.
     */
    private static void add(Map<Endpoint, Route> routes, EndpointDef def, Route route) {
        PolicyRules compiled;
        try {
            compiled = def.policies().compile(def.parameters().stream().map(TypeSpec::name)
                    .collect(java.util.stream.Collectors.toSet()));
        } catch (PolicyRules.InvalidRule e) {
            LOG.log(System.Logger.Level.WARNING, "Gateway: " + def.kind().yamlName() + " '" + def.key() + "' of server '"
                    + route.serverId() + "' is not served: its server's " + (e.input() ? "input" : "output")
                    + " policy " + (e.index() + 1) + " does not apply to it: " + e.getMessage());
            return;
        }
        routes.put(new Endpoint(def, null, null, null, compiled), route);
    }

    /** Every page of a list; a server without the feature (method not found) has none. */
    private List<JsonNode> page(String id, String method, String field) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            ObjectNode params = Json.MAPPER.createObjectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result;
            try {
                result = manager.send(id, method, params, null, true);
            } catch (McpManagerException e) {
                if (e.kind() == McpManagerException.Kind.RPC_ERROR && Integer.valueOf(-32601).equals(e.rpcCode())) {
                    return all;
                }
                throw e;
            }
            result.path(field).forEach(all::add);
            cursor = result.path("nextCursor").textValue();
        } while (cursor != null && !cursor.isEmpty());
        return all;
    }

    /** An upstream tool as a definition: its input schema advertised as it is, its properties as untyped parameters. */
    private static ToolDef tool(String name, JsonNode tool, Policies rules) {
        JsonNode schema = tool.path("inputSchema");
        Set<String> required = new java.util.HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<TypeSpec> parameters = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(p -> parameters.add(parameter(p,
                schema.path("properties").path(p).path("description").textValue(), required.contains(p))));
        JsonNode hints = tool.path("annotations");
        ToolDef.Annotations annotations = hints.isObject() ? new ToolDef.Annotations(
                hints.path("title").textValue() != null ? hints.path("title").textValue() : tool.path("title").textValue(),
                flag(hints, "readOnlyHint"), flag(hints, "destructiveHint"), flag(hints, "idempotentHint"),
                flag(hints, "openWorldHint"))
                : tool.path("title").isTextual() ? new ToolDef.Annotations(tool.path("title").asText(), null, null, null, null)
                : null;
        return new ToolDef(name, tool.path("description").textValue(), List.of(), annotations, parameters,
                schema.isObject() ? schema : null, null, null, UPSTREAM, true, null, rules, null, null);
    }

    private static Boolean flag(JsonNode hints, String name) {
        return hints.path(name).isBoolean() ? hints.path(name).asBoolean() : null;
    }

    /** An untyped parameter (the upstream server checks its values); optional ones default to absent. */
    private static TypeSpec parameter(String name, String description, boolean required) {
        return new TypeSpec(name, null, null, description, required ? null : NullNode.getInstance(), null, null, false,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Serves the lists read now: higher priority first, then by id; tells the listeners. */
    private synchronized void publish() {
        List<Lists> ordered = new ArrayList<>(lists.values());
        ordered.sort(Comparator.comparingInt(Lists::priority).reversed().thenComparing(Lists::serverId));
        List<Endpoint> endpoints = new ArrayList<>();
        IdentityHashMap<Endpoint, Route> routes = new IdentityHashMap<>();
        for (Lists server : ordered) {
            server.routes().forEach((endpoint, route) -> {
                endpoints.add(endpoint);
                routes.put(endpoint, route);
            });
        }
        snapshot = new Snapshot(List.copyOf(endpoints), routes);
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A listener of the gateway failed: " + e.getMessage(), e);
            }
        }
    }

    /** Stops following the manager's deploys and reading lists; the manager is the caller's to close. */
    @Override
    public synchronized void close() {
        closed = true;
        deploys.close();
        reading.values().forEach(Thread::interrupt);
        reading.clear();
    }
}

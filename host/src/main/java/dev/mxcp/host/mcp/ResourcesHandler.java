package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.guest.Content;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.ResourceDef;
import dev.mxcp.host.engine.CallResult;
import dev.mxcp.host.engine.ServedEndpoint;
import dev.mxcp.host.json.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Resources: lists, templates, reads and subscriptions. A read runs the resource's endpoint (a template's
 * URI variables become its arguments) and sends bytes as a base64 {@code blob}, a string as {@code text}, and
 * anything else as JSON text; a guest may return embedded resources ({@link Content.EmbeddedResource}) to say
 * exactly.
 */
final class ResourcesHandler {

    private final Env env;

    ResourcesHandler(Env env) {
        this.env = env;
    }

    Map<String, Object> list(ObjectNode params) {
        return Pagination.page(params, env.catalog().get().resources, env.options().pageSize(), "resources",
                entry -> entry);
    }

    Map<String, Object> templates(ObjectNode params) {
        return Pagination.page(params, env.catalog().get().templates, env.options().pageSize(), "resourceTemplates",
                entry -> entry);
    }

    Map<String, Object> read(ObjectNode params, RequestChannel channel) {
        String uri = Params.text(params, "uri");
        ServedEndpoint resource = require(uri);
        CallResult result = env.runtime().call(resource.call(Map.of(), channel.callContext(), true));
        return Map.of("contents", contents(uri, ((ResourceDef) resource.endpoint().definition()).mimeType(), result));
    }

    /** The caching hints of the resource a {@code resources/read} names, or null (none set, or no such resource). */
    ResourceDef.Cache cache(ObjectNode params) {
        return params.path("uri").isTextual() ? env.catalog().get().served
                .find(EndpointDef.Kind.RESOURCE, params.get("uri").textValue())
                .map(resource -> ((ResourceDef) resource.endpoint().definition()).cache()).orElse(null) : null;
    }

    Map<String, Object> subscribe(Session session, ObjectNode params) {
        String uri = Params.text(params, "uri");
        require(uri);
        session.subscriptions().add(uri);
        return Map.of();
    }

    Map<String, Object> unsubscribe(Session session, ObjectNode params) {
        session.subscriptions().remove(Params.text(params, "uri"));
        return Map.of();
    }

    private ServedEndpoint require(String uri) {
        return env.catalog().get().served.find(EndpointDef.Kind.RESOURCE, uri)
                .orElseThrow(() -> McpError.resourceNotFound(uri));
    }

    private static List<Map<String, Object>> contents(String uri, String mimeType, CallResult result) {
        return switch (result) {
            case CallResult.Value plain -> contents(uri, mimeType, plain.value());
            case CallResult.Rich rich when rich.result().content().stream().allMatch(Content.EmbeddedResource.class::isInstance) ->
                    rich.result().content().stream()
                            .map(c -> ContentJson.write(((Content.EmbeddedResource) c).resource())).toList();
            case CallResult.Rich other -> List.of(ContentJson.write(new Content.TextResource(uri,
                    mimeType == null ? "application/json" : mimeType, Json.write(other.returned()))));
            case CallResult.Messages messages -> throw new IllegalStateException("a resource rendered prompt messages");
        };
    }

    private static List<Map<String, Object>> contents(String uri, String mimeType, Object value) {
        return switch (value) {
            case Content.ResourceContents one -> List.of(ContentJson.write(one));
            case List<?> list when !list.isEmpty() && list.stream().allMatch(Content.ResourceContents.class::isInstance) -> {
                List<Map<String, Object>> all = new ArrayList<>(list.size());
                list.forEach(c -> all.add(ContentJson.write((Content.ResourceContents) c)));
                yield all;
            }
            case byte[] bytes -> List.of(ContentJson.write(new Content.BlobResource(uri,
                    mimeType == null ? "application/octet-stream" : mimeType, Base64.getEncoder().encodeToString(bytes))));
            case String text -> List.of(ContentJson.write(new Content.TextResource(uri,
                    mimeType == null ? "text/plain" : mimeType, text)));
            case null, default -> List.of(ContentJson.write(new Content.TextResource(uri,
                    mimeType == null ? "application/json" : mimeType, Json.write(value))));
        };
    }
}

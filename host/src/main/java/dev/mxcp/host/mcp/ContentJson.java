package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.guest.Content;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link Content} to and from MCP's wire shapes ({@code TextContent}, {@code ImageContent}, ...). */
public final class ContentJson {

    private ContentJson() {
    }

    static Map<String, Object> write(Content content) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (content) {
            case Content.Text t -> {
                out.put("type", "text");
                out.put("text", t.text());
            }
            case Content.Image i -> {
                out.put("type", "image");
                out.put("data", i.data());
                out.put("mimeType", i.mimeType());
            }
            case Content.Audio a -> {
                out.put("type", "audio");
                out.put("data", a.data());
                out.put("mimeType", a.mimeType());
            }
            case Content.ResourceLink l -> {
                out.put("type", "resource_link");
                out.put("uri", l.uri());
                out.put("name", l.name());
                putIfSet(out, "description", l.description());
                putIfSet(out, "mimeType", l.mimeType());
            }
            case Content.EmbeddedResource r -> {
                out.put("type", "resource");
                out.put("resource", write(r.resource()));
            }
        }
        Content.Annotations annotations = content.annotations();
        if (annotations != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            putIfSet(a, "audience", annotations.audience());
            putIfSet(a, "priority", annotations.priority());
            putIfSet(a, "lastModified", annotations.lastModified());
            out.put("annotations", a);
        }
        return out;
    }

    static Map<String, Object> write(Content.ResourceContents contents) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uri", contents.uri());
        putIfSet(out, "mimeType", contents.mimeType());
        switch (contents) {
            case Content.TextResource t -> out.put("text", t.text());
            case Content.BlobResource b -> out.put("blob", b.blob());
        }
        return out;
    }

    static List<Map<String, Object>> writeAll(List<Content> contents) {
        List<Map<String, Object>> out = new ArrayList<>(contents.size());
        contents.forEach(c -> out.add(write(c)));
        return out;
    }

    /**
     * Content a client sent (a sampling answer) or an upstream server answered (the Manager's gateway); unknown
     * types become text describing them.
     */
    public static Content read(JsonNode node) {
        String type = node.path("type").asText();
        return switch (type) {
            case "text" -> Content.text(node.path("text").asText());
            case "image" -> Content.image(node.path("data").asText(), node.path("mimeType").asText());
            case "audio" -> Content.audio(node.path("data").asText(), node.path("mimeType").asText());
            case "resource_link" -> Content.link(node.path("uri").asText(), node.path("name").asText(),
                    node.path("mimeType").textValue());
            case "resource" -> {
                JsonNode r = node.path("resource");
                yield Content.embedded(r.has("blob")
                        ? new Content.BlobResource(r.path("uri").asText(), r.path("mimeType").textValue(), r.path("blob").asText())
                        : new Content.TextResource(r.path("uri").asText(), r.path("mimeType").textValue(), r.path("text").asText()));
            }
            default -> Content.text(node.toString());
        };
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}

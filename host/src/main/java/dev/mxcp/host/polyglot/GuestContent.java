package dev.mxcp.host.polyglot;

import dev.mxcp.guest.Content;
import dev.mxcp.host.base.MxcpException;
import java.util.Map;

/**
 * MCP content made by a guest's {@code mcp.text/image/audio/embedded_resource/resource_link} helpers, which
 * describe it with the wire's field names ({@code type}, {@code text}, {@code data}, {@code mimeType},
 * {@code uri}, {@code name}, {@code blob}, {@code description}).
 */
final class GuestContent {

    private GuestContent() {
    }

    static Content of(Map<String, String> fields) {
        String type = fields.get("type");
        try {
            return switch (type == null ? "" : type) {
                case "text" -> Content.text(fields.get("text"));
                case "image" -> Content.image(fields.get("data"), fields.get("mimeType"));
                case "audio" -> Content.audio(fields.get("data"), fields.get("mimeType"));
                case "resource" -> Content.embedded(fields.containsKey("blob")
                        ? new Content.BlobResource(fields.get("uri"), fields.get("mimeType"), fields.get("blob"))
                        : new Content.TextResource(fields.get("uri"), fields.get("mimeType"), fields.get("text")));
                case "resource_link" -> new Content.ResourceLink(fields.get("uri"), fields.get("name"),
                        fields.get("description"), fields.get("mimeType"), null);
                default -> throw new MxcpException("unknown content type '" + type + "'");
            };
        } catch (NullPointerException missing) {
            throw new MxcpException(type + " content lacks its " + missing.getMessage());
        }
    }
}

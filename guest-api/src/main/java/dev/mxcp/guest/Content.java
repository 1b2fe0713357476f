package dev.mxcp.guest;

import java.util.List;
import java.util.Objects;

/**
 * Rich content an endpoint can return instead of plain data, as MCP defines it: a tool (or a guest's
 * {@code mcp} helpers) returns one {@code Content} or a list of them, and the server sends them as the
 * call's {@code content} unchanged. Binary data travels base64-encoded, as on the wire.
 */
public sealed interface Content permits Content.Text, Content.Image, Content.Audio, Content.ResourceLink,
        Content.EmbeddedResource {

    /** Optional hints for the client; any field may be null. */
    Annotations annotations();

    /** Plain text. */
    static Text text(String text) {
        return new Text(text, null);
    }

    /** An image, e.g. {@code image("iVBORw0...", "image/png")}. */
    static Image image(String base64, String mimeType) {
        return new Image(base64, mimeType, null);
    }

    /** Audio, e.g. {@code audio("UklGR...", "audio/wav")}. */
    static Audio audio(String base64, String mimeType) {
        return new Audio(base64, mimeType, null);
    }

    /** A resource's contents inlined in the result. */
    static EmbeddedResource embedded(ResourceContents resource) {
        return new EmbeddedResource(resource, null);
    }

    /** A link to a resource the client may read. */
    static ResourceLink link(String uri, String name, String mimeType) {
        return new ResourceLink(uri, name, null, mimeType, null);
    }

    /** Text content. */
    record Text(String text, Annotations annotations) implements Content {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Image content: base64 data and its MIME type. */
    record Image(String data, String mimeType, Annotations annotations) implements Content {
        public Image {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(mimeType, "mimeType");
        }
    }

    /** Audio content: base64 data and its MIME type. */
    record Audio(String data, String mimeType, Annotations annotations) implements Content {
        public Audio {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(mimeType, "mimeType");
        }
    }

    /** A link to a resource; {@code description} and {@code mimeType} may be null. */
    record ResourceLink(String uri, String name, String description, String mimeType, Annotations annotations)
            implements Content {
        public ResourceLink {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(name, "name");
        }
    }

    /** A resource embedded in the result. */
    record EmbeddedResource(ResourceContents resource, Annotations annotations) implements Content {
        public EmbeddedResource {
            Objects.requireNonNull(resource, "resource");
        }
    }

    /**
     * Who the content is for and how much it matters.
     *
     * @param audience "user" and/or "assistant", or null
     * @param priority 0 (least) to 1 (most important), or null
     * @param lastModified an ISO 8601 timestamp, or null
     */
    record Annotations(List<String> audience, Double priority, String lastModified) {
    }

    /** The contents of a resource: text or a base64 blob. */
    sealed interface ResourceContents permits TextResource, BlobResource {
        String uri();

        String mimeType();
    }

    /** Text contents of the resource at {@code uri}. */
    record TextResource(String uri, String mimeType, String text) implements ResourceContents {
        public TextResource {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Binary contents of the resource at {@code uri}, base64-encoded. */
    record BlobResource(String uri, String mimeType, String blob) implements ResourceContents {
        public BlobResource {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(blob, "blob");
        }
    }
}

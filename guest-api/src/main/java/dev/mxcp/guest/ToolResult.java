package dev.mxcp.guest;

import java.util.List;

/**
 * A tool result spelled out in full, for endpoint code that wants more than "return a value": rich
 * content, structured data beside it, or an error the model should see ({@code isError}).
 *
 * @param content what the client shows; never empty on the wire (the server adds a text mirror of
 *     {@code structured} when it is empty)
 * @param structured the structured result ({@code structuredContent}), or null
 * @param isError true when the tool failed in a way the model should read and react to
 */
public record ToolResult(List<Content> content, Object structured, boolean isError) {

    public ToolResult {
        content = content == null ? List.of() : List.copyOf(content);
    }

    /** A successful result made of {@code content}. */
    public static ToolResult of(Content... content) {
        return new ToolResult(List.of(content), null, false);
    }

    /** A failed result whose text the model reads. */
    public static ToolResult error(String message) {
        return new ToolResult(List.of(Content.text(message)), null, true);
    }
}

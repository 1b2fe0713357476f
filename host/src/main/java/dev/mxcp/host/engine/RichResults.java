package dev.mxcp.host.engine;

import dev.mxcp.guest.Content;
import dev.mxcp.guest.ToolResult;
import java.util.List;

/**
 * Results that already are MCP content (a {@link Content}, a non-empty list of them, or a
 * {@link ToolResult}): they skip return-type shaping and validation, and the server sends them as they are.
 */
public final class RichResults {

    private RichResults() {
    }

    /** Whether {@code result} is rich content rather than plain data. */
    public static boolean isRich(Object result) {
        return result instanceof Content || result instanceof ToolResult
                || result instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Content.class::isInstance);
    }
}

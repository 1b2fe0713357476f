package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Pages of list results with opaque cursors (base64 of the next offset); a bad cursor is {@code -32602}. */
final class Pagination {

    private static final String PREFIX = "mxcp:";

    private Pagination() {
    }

    /** The page of {@code items} the request's {@code cursor} asks for, under {@code key}, plus {@code nextCursor}. */
    static <T> Map<String, Object> page(JsonNode params, List<T> items, int pageSize, String key,
                                        Function<T, Object> entry) {
        int offset = offset(params.get("cursor"), items.size());
        int end = Math.min(items.size(), offset + pageSize);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(key, items.subList(offset, end).stream().map(entry).toList());
        if (end < items.size()) {
            result.put("nextCursor", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((PREFIX + end).getBytes(StandardCharsets.UTF_8)));
        }
        return result;
    }

    private static int offset(JsonNode cursor, int size) {
        if (cursor == null || cursor.isNull()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.asText()), StandardCharsets.UTF_8);
            if (cursor.isTextual() && text.startsWith(PREFIX)) {
                int offset = Integer.parseInt(text.substring(PREFIX.length()));
                if (offset >= 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64 or not a number: an invalid cursor like any other
        }
        throw McpError.invalidParams("invalid cursor");
    }
}

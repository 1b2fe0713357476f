package dev.mxcp.host.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON-RPC 2.0 framing: one inbound frame becomes a {@link Message}; outbound messages are written once to
 * compact UTF-8 JSON bytes (never containing a newline, as stdio and SSE need), which every transport sends
 * as they are. Batches are refused: MCP removed them in 2025-06-18.
 */
public final class JsonRpc {

    private JsonRpc() {
    }

    /** An inbound message: what a client may send. */
    public sealed interface Message permits Request, Notification, Response {
    }

    /** A request; {@code params} is an empty object when absent. */
    public record Request(JsonNode id, String method, ObjectNode params) implements Message {
    }

    /** A notification; {@code params} is an empty object when absent. */
    public record Notification(String method, ObjectNode params) implements Message {
    }

    /** A response to a request this server sent: {@code error} is null on success, else {@code result} is. */
    public record Response(JsonNode id, JsonNode result, JsonNode error) implements Message {
    }

    /**
     * Parses one frame.
     *
     * @throws McpError {@code -32700} for text that is not JSON, {@code -32600} for JSON that is no valid message
     */
    public static Message parse(byte[] frame) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw McpError.parse(e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(node);
    }

    /** A parsed JSON value as a message; see {@link #parse}. */
    public static Message of(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw McpError.parse("empty message");
        }
        if (node.isArray()) {
            throw McpError.invalidRequest("JSON-RPC batches are not supported");
        }
        if (!node.isObject()) {
            throw McpError.invalidRequest("a message must be a JSON object");
        }
        if (!"2.0".equals(node.path("jsonrpc").textValue())) {
            throw McpError.invalidRequest("\"jsonrpc\" must be \"2.0\"");
        }
        JsonNode id = node.get("id");
        JsonNode method = node.get("method");
        if (method != null) {
            if (!method.isTextual()) {
                throw McpError.invalidRequest("\"method\" must be a string");
            }
            ObjectNode params = params(node.get("params"));
            if (id == null) {
                return new Notification(method.textValue(), params);
            }
            checkId(id);
            return new Request(id, method.textValue(), params);
        }
        if (id == null) {
            throw McpError.invalidRequest("a message needs \"method\" or \"id\"");
        }
        checkId(id);
        JsonNode result = node.get("result");
        JsonNode error = node.get("error");
        if ((result == null) == (error == null)) {
            throw McpError.invalidRequest("a response has exactly one of \"result\" and \"error\"");
        }
        return new Response(id, result, error);
    }

    /** The id of a frame that failed to parse as a message, when it has a usable one; else JSON null. */
    public static JsonNode idOf(byte[] frame) {
        try {
            JsonNode id = Json.MAPPER.readTree(frame).path("id");
            return id.isTextual() || id.isIntegralNumber() ? id : NullNode.instance;
        } catch (IOException | RuntimeException e) {
            return NullNode.instance;
        }
    }

    private static void checkId(JsonNode id) {
        if (!(id.getNodeType() == JsonNodeType.STRING || id.isIntegralNumber())) {
            throw McpError.invalidRequest("\"id\" must be a string or an integer");
        }
    }

    private static ObjectNode params(JsonNode params) {
        if (params == null || params.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!params.isObject()) {
            throw McpError.invalidRequest("\"params\" must be an object");
        }
        return (ObjectNode) params;
    }

    /** A result response. */
    public static byte[] result(JsonNode id, Object result) {
        return write(new ResultFrame("2.0", id, result));
    }

    /** An error response; {@code id} is JSON null when the request's id could not be read. */
    public static byte[] error(JsonNode id, McpError error) {
        return write(new ErrorFrame("2.0", id == null ? NullNode.instance : id,
                new ErrorBody(error.code(), error.getMessage(), error.data())));
    }

    /** A notification. */
    public static byte[] notification(String method, Object params) {
        return write(new NotificationFrame("2.0", method, params));
    }

    /** A request from this server to the client. */
    public static byte[] request(String id, String method, Object params) {
        return write(new RequestFrame("2.0", id, method, params));
    }

    private static byte[] write(Object frame) {
        try {
            return Json.MAPPER.writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record ResultFrame(String jsonrpc, JsonNode id, Object result) {
    }

    private record ErrorFrame(String jsonrpc, JsonNode id, ErrorBody error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record ErrorBody(int code, String message, Object data) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record NotificationFrame(String jsonrpc, String method, Object params) {
    }

    private record RequestFrame(String jsonrpc, String id, String method, Object params) {
    }
}

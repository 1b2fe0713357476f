package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.guest.ClientRequestException;
import dev.mxcp.guest.Content;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.engine.InvalidInputException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The one place where failures become answers, in three tiers: a protocol error ({@link McpError}) is a
 * JSON-RPC error; a business error (bad input, a failing query, a client that would not answer: what the
 * user or the model can act on) is an {@code isError} tool result, or a JSON-RPC error with its one-line
 * message outside tools; anything else is a bug: logged with a reference, answered "Internal error (ref)".
 */
final class Errors {

    private static final System.Logger LOG = System.getLogger(Errors.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private Errors() {
    }

    /** Whether {@code e} is a business error, whose message is meant for the caller. */
    static boolean isBusiness(Throwable e) {
        return e instanceof MxcpException || e instanceof ClientRequestException;
    }

    /** A failed tool call as a result: business errors become {@code isError} results, others are rethrown. */
    static Map<String, Object> toolResult(RuntimeException e) {
        if (!isBusiness(e)) {
            throw e;
        }
        return Map.of("content", List.of(ContentJson.write(Content.text(e.getMessage()))), "isError", true);
    }

    /** The error response for a request that failed with {@code e}. */
    static byte[] response(JsonNode id, Throwable e, String method) {
        return JsonRpc.error(id, toMcpError(e, method));
    }

    static McpError toMcpError(Throwable e, String method) {
        return switch (e) {
            case McpError protocol -> protocol;
            case InvalidInputException input -> new McpError(McpError.INVALID_PARAMS, input.getMessage(),
                    Map.of("parameter", input.parameter()));
            case MxcpException business -> new McpError(McpError.INTERNAL_ERROR, business.getMessage(), null);
            case ClientRequestException client -> new McpError(McpError.INTERNAL_ERROR, client.getMessage(), null);
            default -> internal(e, method);
        };
    }

    /** Logs an unexpected failure with a fresh reference and returns the error that names only the reference. */
    static McpError internal(Throwable e, String context) {
        String ref = HexFormat.of().formatHex(randomBytes());
        LOG.log(System.Logger.Level.ERROR, "Internal error " + ref + " in " + context, e);
        return new McpError(McpError.INTERNAL_ERROR, "Internal error (ref " + ref + ")", null);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

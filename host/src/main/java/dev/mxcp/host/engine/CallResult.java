package dev.mxcp.host.engine;

import dev.mxcp.guest.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link Call} produced, its kind decided once by the engine: plain data, content the endpoint's code
 * made itself, or a prompt's messages. Callers translate each case with an exhaustive switch: MCP handlers into
 * wire results, the CLI and {@code Mxcp.call} through {@link #plain()}.
 *
 * <p>Failures are not a case: they stay exceptions ({@code MxcpException} and its kinds, a guest's
 * {@code ClientRequestException}). Each entry point treats them differently (MCP makes a business error an
 * {@code isError} result for tools but a JSON-RPC error elsewhere, with bad input as {@code -32602}; the CLI
 * prints one line and exits 1; {@code mxcp test} records a failure; {@code Mxcp.call} throws), and an
 * exception also carries what a result cannot: whether it is a business error or a bug. A {@link Rich} result
 * whose {@link ToolResult#isError()} is set is not a failure: the call ran, and its content tells the model
 * what went wrong.
 */
public sealed interface CallResult {

    /**
     * Plain data (SQL rows, a guest's return value), fitted to the declared return type and, when the call
     * asked, checked against it.
     */
    record Value(Object value) implements CallResult {
    }

    /**
     * MCP content the endpoint's code returned: one content block, a list of them, or a full
     * {@link ToolResult}. Sent as it is: it is neither shaped nor validated.
     *
     * @param result the content as a full tool result (blocks alone are a successful result without
     *     structured data)
     * @param returned what the code returned, unchanged: the plain form for callers outside MCP
     */
    record Rich(ToolResult result, Object returned) implements CallResult {
        public Rich {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(returned, "returned");
        }
    }

    /**
     * A prompt's messages, rendered: each {@code {role, type, prompt}} as in MXCP, plus {@code data} and
     * {@code mime_type} (image, audio) or {@code uri} and {@code mime_type} (resource).
     */
    record Messages(List<Map<String, Object>> messages) implements CallResult {
        public Messages {
            messages = List.copyOf(messages);
        }
    }

    /** The result as plain Java values, as {@code Mxcp.call}, {@code mxcp run} and {@code mxcp test} see it. */
    default Object plain() {
        return switch (this) {
            case Value value -> value.value();
            case Rich rich -> rich.returned();
            case Messages messages -> messages.messages();
        };
    }
}

package dev.mxcp.host.mcp;

/**
 * The stream that answers one client request: messages related to the request first ({@link #send}:
 * progress, logs, server-to-client requests), then exactly one response, or {@link #abandon()} when the
 * request was cancelled and gets none. A Streamable HTTP transport answers plain JSON when the response
 * comes first and switches to an SSE stream otherwise.
 */
public interface ResponseStream extends Sender {

    /** Sends the response and ends the stream. */
    void respond(byte[] response);

    /**
     * Sends an error response and ends the stream; a transport may answer modern errors with their HTTP
     * status (400, 404), which it can only choose while nothing was sent yet.
     */
    default void fail(com.fasterxml.jackson.databind.JsonNode id, McpError error) {
        respond(JsonRpc.error(id, error));
    }

    /**
     * Shows a long-lived stream is alive without sending a message (an SSE comment), so that a client that
     * went away is found; true unless the stream is gone. Streams that cannot tell do nothing.
     */
    default boolean keepAlive() {
        return true;
    }

    /** Ends the stream without a response (the request was cancelled). */
    void abandon();

    /**
     * The request's cancellation, for a transport on which a client cancels by closing the response stream
     * (2026-07-28 over HTTP); other transports ignore it.
     */
    default void cancelOnClose(dev.mxcp.host.base.Cancellation cancellation) {
    }
}

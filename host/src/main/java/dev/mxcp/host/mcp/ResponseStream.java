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

    /** Ends the stream without a response (the request was cancelled). */
    void abandon();
}

package dev.mxcp.host.mcp;

/**
 * Where a transport delivers server messages that are not a response: the session's own stream (an HTTP
 * GET stream, stdout) or one request's response stream. Frames are complete JSON-RPC messages, written
 * by {@link JsonRpc}.
 */
@FunctionalInterface
public interface Sender {

    /**
     * Sends one frame.
     *
     * @return false when the stream is gone (the client disconnected); the frame is then dropped
     */
    boolean send(byte[] frame);
}

package dev.mxcp.host.transport;

import dev.mxcp.host.mcp.ProtocolVersion;
import dev.mxcp.host.mcp.ResponseStream;
import dev.mxcp.host.mcp.Session;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The answer to one POSTed request: plain JSON when the response is the first thing to send, else an SSE
 * stream that carries the request's notifications and server-to-client requests, then the response, and
 * ends. A client that goes away is not a cancellation: the call runs on and its messages are dropped.
 */
final class PostStream implements ResponseStream {

    private enum State { PENDING, STREAMING, DONE }

    private final ServerResponse res;
    private final Session session;
    private State state = State.PENDING;
    private SseWriter sse;
    private String streamId;
    private boolean broken;

    PostStream(ServerResponse res, Session session) {
        this.res = res;
        this.session = session;
    }

    @Override
    public synchronized boolean send(byte[] frame) {
        if (state == State.DONE || broken) {
            return false;
        }
        try {
            if (state == State.PENDING) {
                start();
            }
            sse.event(nextId(), frame);
            return true;
        } catch (IOException | UncheckedIOException e) {
            broken = true;
            return false;
        }
    }

    @Override
    public synchronized void respond(byte[] response) {
        if (state == State.DONE) {
            return;
        }
        try {
            if (state == State.PENDING) {
                state = State.DONE;
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send(response);
                return;
            }
            state = State.DONE;
            if (!broken) {
                sse.event(nextId(), response);
                sse.close();
            }
        } catch (IOException | UncheckedIOException e) {
            broken = true;
        }
    }

    @Override
    public synchronized void abandon() {
        if (state == State.DONE) {
            return;
        }
        try {
            if (state == State.PENDING) {
                res.status(Status.ACCEPTED_202).send();
            } else if (!broken) {
                sse.close();
            }
        } catch (IOException | UncheckedIOException e) {
            broken = true;
        }
        state = State.DONE;
    }

    /** Switches the answer to an SSE stream; clients of 2025-11-25 get a priming event to resume from. */
    private void start() throws IOException {
        state = State.STREAMING;
        streamId = Long.toString(session.nextNumber());
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        sse = new SseWriter(res.outputStream());
        if (ProtocolVersion.atLeast(session.protocolVersion(), "2025-11-25")) {
            sse.prime(nextId());
        }
    }

    private String nextId() {
        return streamId + "-" + session.nextNumber();
    }
}

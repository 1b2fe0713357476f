package dev.mxcp.host.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.mcp.JsonRpc;
import dev.mxcp.host.mcp.McpError;
import dev.mxcp.host.mcp.ProtocolVersion;
import dev.mxcp.host.mcp.ResponseStream;
import dev.mxcp.host.mcp.Session;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The answer to one POSTed request: plain JSON when the response is the first thing to send, else an SSE
 * stream that carries the request's notifications and server-to-client requests, then the response, and
 * ends. For a 2025-11-25 client, going away is not a cancellation: the call runs on and its messages are
 * dropped. For 2026-07-28 it is: a modern request still running after {@link #HEARTBEAT} switches to SSE and
 * sends a comment every {@link #HEARTBEAT}, and the first that cannot be written cancels the call.
 *
 * <p>With polling on, a 2025-11-25 client's request still running after a while gets its stream closed
 * (after a priming event and a {@code retry} hint); the rest of its messages wait in {@link Resumptions}
 * until the client comes back with GET and {@code Last-Event-ID}.
 */
final class PostStream implements ResponseStream {

    /** When and where to detach long requests; see {@link HttpOptions#pollAfter()}. */
    record Polling(Duration after, ScheduledExecutorService timer, Resumptions resumptions) {
    }

    /** How often a running modern request checks that its client still holds the stream. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final String RETRY_MILLIS = "500";
    private static final io.helidon.http.HeaderName ACCEL_BUFFERING = HeaderNames.create("X-Accel-Buffering");

    private enum State { PENDING, STREAMING, DETACHED, DONE }

    private final ServerResponse res;
    private final Session session;
    private final boolean modern;
    private State state = State.PENDING;
    private SseWriter sse;
    private String streamId;
    private boolean broken;
    private Resumptions.Detached detached;
    private final Resumptions resumptions;
    private final ScheduledFuture<?> detachTimer;
    private final Heartbeats heartbeats;
    private long watchedSince;
    private Cancellation cancellation = Cancellation.NONE;

    /**
     * The modern streams whose calls are running, and the timer that beats them: one sweep every
     * {@link #HEARTBEAT} over the streams watched for longer than that, rather than a timer task per request.
     */
    static final class Heartbeats {
        private final Set<PostStream> watched = ConcurrentHashMap.newKeySet();

        Heartbeats(ScheduledExecutorService timer) {
            timer.scheduleWithFixedDelay(this::sweep, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void sweep() {
            long due = System.nanoTime() - HEARTBEAT.toNanos();
            for (PostStream stream : watched) {
                try {
                    stream.heartbeat(due);
                } catch (RuntimeException e) { // one stream's trouble must not stop the sweeps
                    watched.remove(stream);
                }
            }
        }
    }

    /**
     * @param polling null when polling is off
     * @param heartbeats where modern requests are watched
     * @param modern a 2026-07-28 request: no priming or polling (no resumption), errors with their HTTP status,
     *     cancelled when the client closes the stream
     */
    PostStream(ServerResponse res, Session session, Polling polling, Heartbeats heartbeats, boolean modern) {
        this.res = res;
        this.session = session;
        this.modern = modern;
        this.heartbeats = heartbeats;
        boolean poll = !modern && polling != null && session.persistent()
                && ProtocolVersion.atLeast(session.protocolVersion(), "2025-11-25");
        this.resumptions = poll ? polling.resumptions() : null;
        this.detachTimer = poll ? polling.timer().schedule(this::detach, polling.after().toMillis(), TimeUnit.MILLISECONDS)
                : null;
    }

    @Override
    public synchronized boolean send(byte[] frame) {
        if (state == State.DETACHED) {
            long seq = session.nextNumber();
            detached.add(seq, streamId + "-" + seq, frame);
            return true;
        }
        if (state == State.DONE || broken) {
            return false;
        }
        try {
            if (state == State.PENDING) {
                start();
            }
            sse.event(nextId(), frame);
            return true;
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            broken = true;
            return false;
        }
    }

    @Override
    public synchronized boolean keepAlive() {
        if (state == State.DONE || broken) {
            return false;
        }
        if (state != State.STREAMING) {
            return true; // nothing sent yet, or detached: the client comes back for the rest
        }
        try {
            sse.comment("keep-alive");
            return true;
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            broken = true;
            return false;
        }
    }

    @Override
    public synchronized void respond(byte[] response) {
        stopTimer();
        try {
            switch (state) {
                case DONE -> {
                }
                case PENDING -> {
                    announceSession();
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send(response);
                }
                case STREAMING -> {
                    if (!broken) {
                        sse.event(nextId(), response);
                        sse.close();
                    }
                }
                case DETACHED -> {
                    long seq = session.nextNumber();
                    detached.complete(seq, streamId + "-" + seq, response);
                }
            }
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            broken = true;
        } finally {
            state = State.DONE;
        }
    }

    @Override
    public synchronized void fail(JsonNode id, McpError error) {
        if (modern && state == State.PENDING) {
            res.status(ModernHeaders.status(error.code()));
        }
        respond(JsonRpc.error(id, error));
    }

    @Override
    public synchronized void abandon() {
        stopTimer();
        try {
            switch (state) {
                case DONE -> {
                }
                case PENDING -> res.status(Status.ACCEPTED_202).send();
                case STREAMING -> {
                    if (!broken) {
                        sse.close();
                    }
                }
                case DETACHED -> detached.complete(0, null, null);
            }
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            broken = true;
        } finally {
            state = State.DONE;
        }
    }

    @Override
    public synchronized void cancelOnClose(Cancellation cancellation) {
        if (modern && state != State.DONE) {
            this.cancellation = cancellation;
            watchedSince = System.nanoTime();
            heartbeats.watched.add(this);
        }
    }

    /**
     * When watched since before {@code due}: writes an SSE comment (switching to SSE first), and cancels the
     * call when the client no longer holds the stream.
     */
    private void heartbeat(long due) {
        synchronized (this) {
            if (state == State.DONE || watchedSince - due > 0) {
                return;
            }
            if (!broken) {
                try {
                    if (state == State.PENDING) {
                        start();
                    }
                    sse.comment("");
                    return;
                } catch (IOException | UncheckedIOException | CloseConnectionException e) {
                    broken = true;
                }
            }
            heartbeats.watched.remove(this);
        }
        // outside the lock: cancelling stops the call, whose thread then ends this stream
        cancellation.cancel("the client closed the response stream");
    }

    /** Polling: ends the HTTP response early; the client resumes with GET + Last-Event-ID. */
    private synchronized void detach() {
        if (state == State.DONE || state == State.DETACHED || broken) {
            return;
        }
        try {
            if (state == State.PENDING) {
                start();
            }
            sse.retry(RETRY_MILLIS);
            sse.close();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            // the client went away; it may still resume
        }
        detached = resumptions.open(session.id(), streamId);
        state = State.DETACHED;
    }

    /** The answer to a successful initialize carries the new session's id. */
    private void announceSession() {
        if (session.persistent() && session.state() == Session.State.INITIALIZED) {
            res.header(StreamableHttp.SESSION_ID, session.id());
        }
    }

    private void stopTimer() {
        if (detachTimer != null) {
            detachTimer.cancel(false);
        }
        if (heartbeats != null) {
            heartbeats.watched.remove(this);
        }
    }

    /** Switches the answer to an SSE stream; clients of 2025-11-25 get a priming event to resume from. */
    private void start() throws IOException {
        state = State.STREAMING;
        streamId = Long.toString(session.nextNumber());
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        if (modern) {
            res.header(ACCEL_BUFFERING, "no"); // 2026-07-28 SHOULD: proxies such as nginx pass events on at once
        }
        sse = new SseWriter(res.outputStream());
        if (!modern && ProtocolVersion.atLeast(session.protocolVersion(), "2025-11-25")) {
            sse.prime(nextId());
        }
    }

    /** The next event id; none for modern streams, which cannot be resumed. */
    private String nextId() {
        return modern ? null : streamId + "-" + session.nextNumber();
    }
}

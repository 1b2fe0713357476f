package dev.mxcp.host.transport;

import dev.mxcp.host.mcp.Sender;
import dev.mxcp.host.mcp.Session;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A session's own SSE stream (HTTP GET): messages unrelated to any request, such as list_changed and
 * resources/updated. It runs on the GET handler's thread until the session ends, the server stops, or the
 * client goes away (found by a keep-alive comment every 15 seconds).
 */
final class GetStream implements Sender {

    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(1024);
    private volatile boolean open = true;

    @Override
    public boolean send(byte[] frame) {
        return open && queue.offer(frame);
    }

    /** Streams until the session closes or {@code keepGoing} says stop. */
    void run(ServerResponse res, Session session, BooleanSupplier keepGoing) {
        run(res, session, keepGoing, null);
    }

    /**
     * As {@link #run(ServerResponse, Session, BooleanSupplier)}, first telling the client where to POST its
     * messages ({@code event: endpoint}) when {@code endpoint} is given: the old HTTP+SSE transport.
     */
    void run(ServerResponse res, Session session, BooleanSupplier keepGoing, String endpoint) {
        try {
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            SseWriter sse = new SseWriter(res.outputStream());
            String streamId = Long.toString(session.nextNumber());
            if (endpoint != null) {
                sse.named("endpoint", endpoint);
            } else {
                sse.comment("stream open");
            }
            long lastWrite = System.nanoTime();
            while (session.state() != Session.State.CLOSED && keepGoing.getAsBoolean()) {
                byte[] frame = queue.poll(1, TimeUnit.SECONDS);
                if (frame != null) {
                    sse.event(streamId + "-" + session.nextNumber(), frame);
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite > KEEP_ALIVE_NANOS) {
                    sse.comment("keep-alive");
                    lastWrite = System.nanoTime();
                }
            }
            sse.close();
        } catch (IOException | UncheckedIOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open = false;
            session.detach(this);
        }
    }
}

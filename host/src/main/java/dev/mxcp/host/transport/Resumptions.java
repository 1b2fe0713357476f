package dev.mxcp.host.transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * POST streams the server closed early ("polling", SEP-1699): their later messages wait here until the
 * client resumes with GET and {@code Last-Event-ID}, and get replayed only on the stream they belong to.
 * A stream is forgotten once its response was delivered, or a while after it completed.
 */
final class Resumptions {

    private static final long KEEP_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final Map<String, Detached> streams = new ConcurrentHashMap<>();

    /** A detached stream of {@code sessionId}, to which the rest of the request's messages go. */
    Detached open(String sessionId, String streamId) {
        forgetOld();
        Detached detached = new Detached();
        streams.put(sessionId + "/" + streamId, detached);
        return detached;
    }

    /** The detached stream a {@code Last-Event-ID} of {@code sessionId} points into, or null. */
    Detached find(String sessionId, String lastEventId) {
        int dash = lastEventId.indexOf('-');
        return dash <= 0 ? null : streams.get(sessionId + "/" + lastEventId.substring(0, dash));
    }

    void forget(Detached detached) {
        streams.values().remove(detached);
    }

    private void forgetOld() {
        long now = System.nanoTime();
        streams.values().removeIf(d -> d.completedAt != 0 && now - d.completedAt > KEEP_NANOS);
    }

    /** The events of one detached stream: what was sent after the server closed the connection. */
    static final class Detached {
        private record Event(long seq, String id, byte[] frame) {
        }

        private final List<Event> events = new ArrayList<>();
        private volatile long completedAt;

        synchronized void add(long seq, String id, byte[] frame) {
            events.add(new Event(seq, id, frame));
            notifyAll();
        }

        /** The request ended: with its response ({@code frame}) or without one (null, cancelled). */
        synchronized void complete(long seq, String id, byte[] frame) {
            if (frame != null) {
                events.add(new Event(seq, id, frame));
            }
            completedAt = System.nanoTime();
            notifyAll();
        }

        /**
         * Writes every event after {@code lastSeq}, waiting for more until the request completed.
         *
         * @return true when everything up to the response was written
         */
        boolean replay(SseWriter sse, long lastSeq) throws IOException, InterruptedException {
            long after = lastSeq;
            while (true) {
                List<Event> pending;
                boolean done;
                synchronized (this) {
                    long from = after;
                    pending = events.stream().filter(e -> e.seq() > from).toList();
                    done = completedAt != 0;
                    if (pending.isEmpty() && !done) {
                        wait(15_000);
                        if (events.stream().noneMatch(e -> e.seq() > from) && completedAt == 0) {
                            sse.comment("keep-alive");
                        }
                        continue;
                    }
                }
                for (Event event : pending) {
                    sse.event(event.id(), event.frame());
                    after = event.seq();
                }
                if (done && pending.isEmpty()) {
                    return true;
                }
            }
        }
    }
}

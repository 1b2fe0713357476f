package dev.mxcp.host.engine;

import dev.mxcp.guest.ClientChannel;
import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.db.DbSession;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timers of running SQL endpoints: their timeout (past it DuckDB interrupts the statement, as a
 * cancellation does, and its connection goes back to the pool) and their progress reports. One per project
 * runtime, which closes it: its timer thread starts with the first timer and stops with the runtime.
 */
final class SqlTimers implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 250;

    private volatile ScheduledExecutorService timer;
    private boolean closed;
    /**
     * The timeouts armed now. One sweep per interval fires those past their deadline: a task scheduled per call
     * instead cost every call the timer's lock (and often a wake-up of its thread), and a cancelled task stayed
     * queued until its delay ran out (60 s of calls' worth of them under load).
     */
    private final Set<Armed> armed = ConcurrentHashMap.newKeySet();

    /** A statement's timeout, disarmed when closed. */
    interface Timeout extends Cancellation.Registration {
        /** Whether the timeout interrupted the statement. */
        boolean fired();
    }

    /**
     * Interrupts the statement running in {@code session} after {@code seconds} (within one sweep interval),
     * unless closed before.
     */
    Timeout timeout(DbSession session, int seconds) {
        Armed timeout = new Armed(session, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
        if (timer() != null) { // null: the runtime is closing, and the call is about to fail anyway
            armed.add(timeout);
        }
        return timeout;
    }

    private final class Armed implements Timeout {
        private final DbSession session;
        private final long deadline;
        private volatile boolean fired;

        Armed(DbSession session, long deadline) {
            this.session = session;
            this.deadline = deadline;
        }

        @Override
        public boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            armed.remove(this);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Armed timeout : armed) {
            if (now - timeout.deadline >= 0 && armed.remove(timeout)) {
                timeout.fired = true;
                timeout.session.cancel();
            }
        }
    }

    /**
     * Reports the statement's progress, as DuckDB estimates it (percent of rows scanned), to a client that asked
     * for progress; closing the registration stops it. Polling starts only after the first interval, so quick
     * queries cost nothing but scheduling; nothing at all when nobody listens.
     */
    Cancellation.Registration report(DbSession session, ClientChannel channel) {
        if (!channel.wantsProgress()) {
            return () -> { };
        }
        ScheduledExecutorService running = timer();
        if (running == null) {
            return () -> { }; // the runtime is closing: the call is about to fail anyway
        }
        ScheduledFuture<?> task;
        try {
            task = running.scheduleAtFixedRate(() -> {
                double percent = session.progress();
                if (percent >= 0) {
                    channel.progress(percent, 100.0, null);
                }
            }, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
        return () -> task.cancel(false);
    }

    private ScheduledExecutorService timer() {
        ScheduledExecutorService running = timer;
        return running != null ? running : startTimer();
    }

    private synchronized ScheduledExecutorService startTimer() {
        if (timer == null && !closed) {
            timer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("mxcp-sql-timers").factory());
            timer.scheduleWithFixedDelay(this::sweep, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
        return timer;
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            closed = true;
            running = timer;
            timer = null;
        }
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

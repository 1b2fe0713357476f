package dev.mxcp.host.engine;

import dev.mxcp.guest.ClientChannel;
import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.db.DbSession;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The timers of running SQL endpoints: their timeout (past it DuckDB interrupts the statement, as a
 * cancellation does, and its connection goes back to the pool) and their progress reports. One per project
 * runtime, which closes it: its timer thread starts with the first timer and stops with the runtime.
 */
final class SqlTimers implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 250;

    private ScheduledExecutorService timer;
    private boolean closed;

    /** A statement's timeout, disarmed when closed. */
    interface Timeout extends Cancellation.Registration {
        /** Whether the timeout interrupted the statement. */
        boolean fired();
    }

    /** Interrupts the statement running in {@code session} after {@code seconds}, unless closed before. */
    Timeout timeout(DbSession session, int seconds) {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledExecutorService running = timer();
        ScheduledFuture<?> task;
        try {
            task = running == null ? null : running.schedule(() -> {
                fired.set(true);
                session.cancel();
            }, seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            task = null; // the runtime is closing: the call is about to fail anyway
        }
        ScheduledFuture<?> scheduled = task;
        return new Timeout() {
            @Override
            public boolean fired() {
                return fired.get();
            }

            @Override
            public void close() {
                if (scheduled != null) {
                    scheduled.cancel(false);
                }
            }
        };
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

    private synchronized ScheduledExecutorService timer() {
        if (timer == null && !closed) {
            timer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("mxcp-sql-timers").factory());
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

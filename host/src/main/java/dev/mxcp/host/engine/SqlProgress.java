package dev.mxcp.host.engine;

import dev.mxcp.guest.ClientChannel;
import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.db.DbSession;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reports a running SQL endpoint's progress, as DuckDB estimates it (percent of rows scanned), to a client
 * that asked for progress. Polling starts only after the first interval, so quick queries cost nothing but
 * scheduling; nothing at all when nobody listens. One per project runtime, which closes it: its timer thread
 * starts with the first report and stops with the runtime.
 */
final class SqlProgress implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 250;

    private ScheduledExecutorService timer;
    private boolean closed;

    /** Starts reporting; closing the registration stops it. */
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
                    Thread.ofPlatform().daemon().name("mxcp-sql-progress").factory());
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

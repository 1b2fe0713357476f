package dev.mxcp.host.engine;

import dev.mxcp.guest.ClientChannel;
import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.db.DbSession;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reports a running SQL endpoint's progress, as DuckDB estimates it (percent of rows scanned), to a client
 * that asked for progress. Polling starts only after the first interval, so quick queries cost nothing but
 * scheduling; nothing at all when nobody listens.
 */
final class SqlProgress {

    private static final long INTERVAL_MILLIS = 250;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("mxcp-sql-progress").factory());

    private SqlProgress() {
    }

    /** Starts reporting; closing the registration stops it. */
    static Cancellation.Registration report(DbSession session, ClientChannel channel) {
        if (!channel.wantsProgress()) {
            return () -> { };
        }
        ScheduledFuture<?> task = TIMER.scheduleAtFixedRate(() -> {
            double percent = session.progress();
            if (percent >= 0) {
                channel.progress(percent, 100.0, null);
            }
        }, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }
}

package dev.mxcp.host.polyglot;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads of one {@link GuestRuntime}, shared by its worker pools and stopped with it: an instance's
 * threads must not outlive it (an embedding application may open and close many). Neither starts a thread
 * before its first task.
 */
final class GuestThreads implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GuestThreads.class.getName());

    /** Stops calls that outlive their timeout. */
    final ScheduledExecutorService alarms = alarms();
    /**
     * Guest code runs on platform threads: on virtual threads GraalVM cannot yet give languages the caller
     * frames they may need (and warns). Calls from virtual threads (the HTTP server's) are handed over here.
     */
    final ExecutorService platform = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("mxcp-guest-", 0).daemon().factory());

    /** A call's alarm is cancelled when it returns, and then leaves the queue (not after its timeout's delay). */
    private static ScheduledExecutorService alarms() {
        var alarms = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("mxcp-guest-timeouts").daemon().factory());
        alarms.setRemoveOnCancelPolicy(true);
        return alarms;
    }

    /**
     * Call after the pools closed. What still runs on a platform thread (a worker's start ahead of calls) may
     * finish first, with its alarms; then both stop.
     */
    @Override
    public void close() {
        platform.shutdown();
        try {
            if (!platform.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "Guest threads still running after 30 s; interrupting them");
                platform.shutdownNow();
            }
            alarms.shutdownNow();
            alarms.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            platform.shutdownNow();
            alarms.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

package dev.mxcp.host.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lets calls run together and a reload run alone, as MXCP's reload manager does: a reload, run on its own
 * thread and one at a time, starts once the calls in flight have finished; calls arriving meanwhile wait for
 * it and are served afterwards, so no call fails because of a reload.
 */
final class ReloadGate implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReloadGate.class.getName());

    /** Fair, so a waiting reload is not starved by a steady stream of calls. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private ExecutorService reloads;
    private boolean closed;

    /** Runs a call; it waits while a reload runs. */
    <T> T call(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Queues a reload and returns at once; it runs alone, after the calls in flight. */
    synchronized void schedule(Runnable reload) {
        if (closed) {
            LOG.log(System.Logger.Level.WARNING, "A reload was requested while the project is closing; it is skipped");
            return;
        }
        if (reloads == null) {
            reloads = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("mxcp-reload").daemon().factory());
        }
        reloads.execute(() -> {
            lock.writeLock().lock();
            try {
                reload.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "The reload failed: " + e.getMessage(), e);
            } finally {
                lock.writeLock().unlock();
            }
        });
    }

    /** Waits for the reloads already queued to finish. */
    @Override
    public void close() {
        ExecutorService pending;
        synchronized (this) {
            closed = true;
            pending = reloads;
            reloads = null;
        }
        if (pending == null) {
            return;
        }
        pending.shutdown();
        try {
            while (!pending.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.log(System.Logger.Level.INFO, "Still waiting for a reload to finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

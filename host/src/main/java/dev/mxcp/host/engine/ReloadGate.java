package dev.mxcp.host.engine;

import dev.mxcp.host.base.MxcpException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean draining;
    private volatile ReloadStatus.Last last;
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

    /**
     * Queues a reload and returns at once; it runs alone, after the calls in flight. The future completes when
     * it has run, exceptionally when it failed: an {@link MxcpException} is logged as its one line.
     */
    synchronized CompletableFuture<Void> schedule(Runnable reload) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            LOG.log(System.Logger.Level.WARNING, "A reload was requested while the project is closing; it is skipped");
            done.completeExceptionally(new MxcpException("the project is closing"));
            return done;
        }
        if (reloads == null) {
            reloads = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("mxcp-reload").daemon().factory());
        }
        pending.incrementAndGet();
        reloads.execute(() -> {
            draining = true;
            lock.writeLock().lock();
            draining = false;
            try {
                reload.run();
                last = new ReloadStatus.Last(Instant.now(), null);
                done.complete(null);
            } catch (MxcpException e) {
                LOG.log(System.Logger.Level.WARNING, e.getMessage());
                last = new ReloadStatus.Last(Instant.now(), e.getMessage());
                done.completeExceptionally(e);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "The reload failed: " + e.getMessage(), e);
                last = new ReloadStatus.Last(Instant.now(), String.valueOf(e.getMessage()));
                done.completeExceptionally(e);
            } finally {
                lock.writeLock().unlock();
                pending.decrementAndGet();
            }
        });
        return done;
    }

    /** Whether a reload is queued or running, whether it waits for calls to finish, and the calls running. */
    ReloadStatus status() {
        return new ReloadStatus(pending.get() > 0, draining, lock.getReadLockCount(), last);
    }

    /** Waits for the reloads already queued to finish. */
    @Override
    public void close() {
        ExecutorService queued;
        synchronized (this) {
            closed = true;
            queued = reloads;
            reloads = null;
        }
        if (queued == null) {
            return;
        }
        queued.shutdown();
        try {
            while (!queued.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.log(System.Logger.Level.INFO, "Still waiting for a reload to finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

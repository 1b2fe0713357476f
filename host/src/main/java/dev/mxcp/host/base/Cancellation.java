package dev.mxcp.host.base;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether a running call has been cancelled (MCP {@code notifications/cancelled}, a shutdown), and what to
 * do when it is: whoever runs the call's work registers a hook that interrupts it (SQL cancels the running
 * statement; a guest interrupts its context) and removes it when the work ends.
 */
public final class Cancellation {

    /** A call that nobody can cancel. */
    public static final Cancellation NONE = new Cancellation();

    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    private volatile String reason;

    /** Whether {@link #cancel} was called. */
    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null while it is not. */
    public String reason() {
        return reason;
    }

    /**
     * Runs {@code hook} on cancellation (at once if already cancelled) until the returned registration is
     * closed.
     */
    public Registration onCancel(Runnable hook) {
        if (this == NONE) {
            return () -> { };
        }
        hooks.add(hook);
        if (isCancelled()) {
            hook.run();
        }
        return () -> hooks.remove(hook);
    }

    /** Cancels the call once; later calls do nothing. Hooks run on the calling thread. */
    public void cancel(String why) {
        if (this == NONE) {
            return;
        }
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why == null || why.isBlank() ? "cancelled" : why;
        }
        for (Runnable hook : hooks) {
            hook.run();
        }
    }

    /** A registered hook; closing it unregisters the hook. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}

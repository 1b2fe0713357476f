package dev.mxcp.host.manager;

import java.time.Duration;

/** When a call must end, and the time it was given (for the message when it does not). */
record Deadline(long at, Duration budget) {

    static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    /** Nanoseconds left, at least 1 (a wait of 0 would mean no wait, or forever). */
    long remaining() {
        return Math.max(1, at - System.nanoTime());
    }

    boolean passed() {
        return at - System.nanoTime() <= 0;
    }
}

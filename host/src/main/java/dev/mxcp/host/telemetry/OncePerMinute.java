package dev.mxcp.host.telemetry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * A log filter for an exporter that retries on its own schedule: one line a minute at most, without the stack
 * trace (a collector that is down is no bug here; its message says what failed).
 */
final class OncePerMinute implements Filter {

    private static final long MINUTE_NANOS = 60_000_000_000L;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - MINUTE_NANOS);

    @Override
    public boolean isLoggable(LogRecord record) {
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous < MINUTE_NANOS || !last.compareAndSet(previous, now)) {
            return false;
        }
        Throwable cause = record.getThrown();
        if (cause != null) {
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            record.setMessage(record.getMessage() + ": " + cause + " (next report in a minute at the earliest)");
            record.setThrown(null);
        }
        return true;
    }
}

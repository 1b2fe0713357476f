package dev.mxcp.host.manager;

import java.time.Duration;

/** Durations as people read them in messages: {@code 250 ms}, {@code 1.5 s}, {@code 60 s}. */
final class Durations {

    private Durations() {
    }

    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}

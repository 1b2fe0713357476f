package dev.mxcp.host.engine;

import java.time.Instant;

/**
 * Where reloads stand (MXCP's reload status, shown by the admin socket's {@code /status}).
 *
 * @param inProgress a reload is queued or running
 * @param draining a reload waits for the calls in flight to finish (new calls wait for it)
 * @param activeCalls calls running now
 * @param last the last reload that ran, or null when none has
 */
public record ReloadStatus(boolean inProgress, boolean draining, int activeCalls, Last last) {

    /**
     * A reload that ran.
     *
     * @param at when it ended
     * @param error its one-line failure, or null when it succeeded
     */
    public record Last(Instant at, String error) {
    }
}

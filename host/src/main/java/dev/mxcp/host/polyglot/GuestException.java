package dev.mxcp.host.polyglot;

import dev.mxcp.host.base.MxcpException;

/**
 * Guest code raised an exception. The message is one line naming the endpoint and the guest's exception
 * ({@code tool 'x': ValueError: bad input}); the guest's traceback is the cause, so it shows wherever stack
 * traces are shown (the CLI's {@code --debug}).
 */
public final class GuestException extends MxcpException {

    private final String traceback;

    GuestException(String message, String traceback) {
        super(message, new Traceback(traceback));
        this.traceback = traceback;
    }

    /** The guest's traceback as the guest language prints it. */
    public String traceback() {
        return traceback;
    }

    /** Carries the guest traceback text as a cause; it has no Java frames of its own. */
    private static final class Traceback extends RuntimeException {
        Traceback(String text) {
            super(text, null, false, false);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}

package dev.mxcp.host.polyglot;

import dev.mxcp.host.base.MxcpException;
import org.graalvm.polyglot.PolyglotException;

/**
 * The one place where a failure inside guest code becomes an endpoint error: a guest exception carries the
 * guest's type, message and traceback; running out of stack or memory, and the engine's own failures, get
 * messages of their own and cost the worker its context.
 */
final class GuestErrors {

    private static final System.Logger LOG = System.getLogger(GuestErrors.class.getName());

    private GuestErrors() {
    }

    /** Whether the worker's context is still good after {@code e}: only after an exception of the guest's own. */
    static boolean keepsWorker(PolyglotException e) {
        return e.isGuestException() && !e.isExit() && !e.isCancelled() && !e.isInterrupted();
    }

    /**
     * @param label the endpoint ("tool 'x'") or activity ("init hooks") that failed
     * @param traceback the guest's traceback of a guest exception, or null
     */
    static MxcpException map(PolyglotException e, String label, String traceback) {
        if (e.isHostException() && e.asHostException() instanceof MxcpException mxcp) {
            return new MxcpException(label + ": " + mxcp.getMessage(), mxcp);
        }
        if (e.isResourceExhausted()) {
            return new MxcpException(label + " ran out of resources: " + firstLine(e.getMessage()), e);
        }
        if (e.isCancelled() || e.isInterrupted()) {
            return new MxcpException(label + " was stopped", e);
        }
        if (e.isExit()) {
            return new MxcpException(label + " tried to exit the process (exit code " + e.getExitStatus() + ")", e);
        }
        if (e.isGuestException()) {
            return new GuestException(label + ": " + firstLine(e.getMessage()),
                    traceback == null || traceback.isBlank() ? e.getMessage() : traceback.strip());
        }
        LOG.log(System.Logger.Level.ERROR, "Internal error in guest code of " + label, e);
        return new MxcpException(label + ": internal error in the guest runtime: " + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message).strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}

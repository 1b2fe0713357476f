package dev.mxcp.host.polyglot;

import dev.mxcp.guest.ClientChannel;
import dev.mxcp.host.db.CallerContext;

/**
 * What a guest call carries besides its arguments.
 *
 * @param caller who calls (the guest's {@code user} and {@code request}, and SQL's caller functions)
 * @param channel where the call's logs and progress go
 * @param cancellation how the caller may stop the call; stopping it costs the worker, as a timeout does
 */
public record GuestCall(CallerContext caller, ClientChannel channel, CancelSource cancellation) {

    /** A call nobody cancels. */
    public static final CancelSource NEVER = stop -> () -> { };
    /** A call of the host's own (completion hooks): no caller, logs to the host log, nobody cancels it. */
    static final GuestCall HOST = new GuestCall(null, null, null);

    public GuestCall {
        caller = caller == null ? CallerContext.NONE : caller;
        cancellation = cancellation == null ? NEVER : cancellation;
    }

    /** Registers what stops the running call; the returned action unregisters it when the call ends. */
    @FunctionalInterface
    public interface CancelSource {
        Runnable onCancel(Runnable stop);
    }
}

package dev.mxcp.host.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.concurrent.Callable;

/**
 * Spans inside a traced call. The call's root span ({@link Telemetry#startCall}) puts its tracer in the current
 * OpenTelemetry context, so code below it (SQL, guest code) adds its spans without knowing the runtime it
 * belongs to; outside a traced call {@link #start} costs a thread-local read and returns {@link Traced#NONE}.
 */
public final class Traces {

    static final ContextKey<Tracer> TRACER = ContextKey.named("mxcp-tracer");

    private Traces() {
    }

    /** A child of the current span, current until closed; {@link Traced#NONE} outside a traced call. */
    public static Traced start(String name) {
        Context parent = Context.current();
        Tracer tracer = parent.get(TRACER);
        if (tracer == null) {
            return Traced.NONE;
        }
        Span span = tracer.spanBuilder(name).setParent(parent).startSpan();
        return new Traced(span, parent.with(span).makeCurrent());
    }

    /** Whether this thread runs inside a traced call (to skip work only a span needs, such as hashing SQL). */
    public static boolean active() {
        return Context.current().get(TRACER) != null;
    }

    /** {@code task} runs in this thread's trace context on whichever thread takes it (a hand-over to a worker). */
    public static <T> Callable<T> carry(Callable<T> task) {
        Context context = Context.current();
        return context.get(TRACER) == null ? task : context.wrap(task);
    }
}

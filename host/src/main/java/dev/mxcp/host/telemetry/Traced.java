package dev.mxcp.host.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * A span that is current on this thread until closed; {@link #NONE} when the call is not traced, whose setters
 * do nothing. Attributes carry names, counts, hashes and outcomes, never a parameter or a result value. MXCP's own
 * are set by their {@link SpanKeys}; a name (a guest's own attribute) makes its key on every call.
 */
public final class Traced implements AutoCloseable {

    /** Not traced: every method does nothing. */
    public static final Traced NONE = new Traced(Span.getInvalid(), Scope.noop());

    private final Span span;
    private final Scope scope;

    Traced(Span span, Scope scope) {
        this.span = span;
        this.scope = scope;
    }

    public boolean recording() {
        return span.isRecording();
    }

    public Traced set(AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
        return this;
    }

    public Traced set(AttributeKey<Long> key, long value) {
        span.setAttribute(key, value);
        return this;
    }

    public Traced set(AttributeKey<Boolean> key, boolean value) {
        span.setAttribute(key, value);
        return this;
    }

    public Traced set(String key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
        return this;
    }

    public Traced set(String key, long value) {
        span.setAttribute(key, value);
        return this;
    }

    public Traced set(String key, double value) {
        span.setAttribute(key, value);
        return this;
    }

    public Traced set(String key, boolean value) {
        span.setAttribute(key, value);
        return this;
    }

    /** Marks the span failed with the kind of failure (an exception's class name), not its message: it may hold a value. */
    public Traced failed(String kind) {
        span.setStatus(StatusCode.ERROR, kind);
        span.setAttribute(SpanKeys.ERROR_TYPE, kind);
        return this;
    }

    /** The trace this span belongs to (32 hex digits), or null when not traced. */
    public String traceId() {
        return span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
    }

    @Override
    public void close() {
        scope.close();
        span.end();
    }
}

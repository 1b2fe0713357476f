package dev.mxcp.host.telemetry;

import io.micrometer.core.instrument.Counter;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OTLP span export as the server needs it: spans wait in a bounded queue (the SDK's batch processor) and
 * go out on its thread. A span that finds the queue full (the collector is slow or down and the queue has not
 * drained) and a batch that cannot be sent (the collector refuses it, or does not answer in time) are counted
 * in {@code mxcp.telemetry.spans_dropped_total} by reason and reported in at most one warning a minute; the
 * calls never notice.
 *
 * <p>The SDK's processor drops silently when its queue is full, so this one keeps the count itself: a span is
 * pending from its end until the exporter is handed its batch, and no more than the processor's queue holds
 * are let through; the processor's own queue therefore never overflows.
 */
final class ExportGuard implements SpanExporter {

    private static final System.Logger LOG = System.getLogger(Telemetry.class.getName());
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final SpanExporter exporter;
    private final Counter exportFailed;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    private ExportGuard(SpanExporter exporter, Counter exportFailed) {
        this.exporter = exporter;
        this.exportFailed = exportFailed;
    }

    /**
     * A batch processor exporting to {@code exporter} up to {@code batchSize} spans at a time, holding at most
     * {@code queueSize} spans that wait for it; spans beyond that count in {@code queueFull}, batches that fail
     * in {@code exportFailed}.
     */
    static SpanProcessor batch(SpanExporter exporter, int queueSize, int batchSize, Counter queueFull,
                               Counter exportFailed) {
        ExportGuard guard = new ExportGuard(exporter, exportFailed);
        SpanProcessor batch = BatchSpanProcessor.builder(guard).setMaxQueueSize(queueSize)
                .setMaxExportBatchSize(batchSize).build();
        return new SpanProcessor() {
            @Override
            public void onStart(Context parent, ReadWriteSpan span) {
                batch.onStart(parent, span);
            }

            @Override
            public boolean isStartRequired() {
                return batch.isStartRequired();
            }

            @Override
            public void onEnd(ReadableSpan span) {
                // the batch processor queues sampled spans only
                if (span.getSpanContext().isSampled() && guard.pending.incrementAndGet() > queueSize) {
                    guard.pending.decrementAndGet();
                    queueFull.increment();
                    if (guard.warningDue()) {
                        guard.warn("spans are dropped: the export queue is full (" + queueSize + " spans wait for a"
                                + " slow or unreachable OTLP endpoint)");
                    }
                    return;
                }
                batch.onEnd(span);
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }

            @Override
            public CompletableResultCode shutdown() {
                return batch.shutdown();
            }

            @Override
            public CompletableResultCode forceFlush() {
                return batch.forceFlush();
            }
        };
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        pending.addAndGet(-spans.size()); // out of the queue: room for as many new spans
        CompletableResultCode result = exporter.export(spans);
        result.whenComplete(() -> {
            if (!result.isSuccess()) {
                exportFailed.increment(spans.size());
                if (warningDue()) {
                    warn(spans.size() + " spans could not be exported (the OTLP endpoint did not take them)");
                }
            }
        });
        return result;
    }

    /** Whether a minute has passed since the last warning (then the caller warns): one warning a minute at most. */
    private boolean warningDue() {
        long now = System.nanoTime();
        long last = lastWarning.get();
        return now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now);
    }

    private static void warn(String what) {
        LOG.log(System.Logger.Level.WARNING, "Telemetry: " + what + "; calls are not affected; counted in"
                + " mxcp_telemetry_spans_dropped_total, next warning in a minute at the earliest");
    }

    @Override
    public CompletableResultCode flush() {
        return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }
}

package dev.mxcp.host.telemetry;

import io.micrometer.core.instrument.Counter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OTLP span exporter as the server needs it: a batch that cannot be sent (the collector is down, slow or
 * refuses it) is counted as dropped and reported in at most one warning a minute; the calls never notice.
 */
final class ExportGuard implements SpanExporter {

    private static final System.Logger LOG = System.getLogger(Telemetry.class.getName());
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final SpanExporter exporter;
    private final Counter dropped;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    ExportGuard(SpanExporter exporter, Counter dropped) {
        this.exporter = exporter;
        this.dropped = dropped;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = exporter.export(spans);
        result.whenComplete(() -> {
            if (!result.isSuccess()) {
                dropped.increment(spans.size());
                long now = System.nanoTime();
                long last = lastWarning.get();
                if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
                    LOG.log(System.Logger.Level.WARNING, "Telemetry: " + spans.size() + " spans could not be exported"
                            + " (the OTLP endpoint did not take them); calls are not affected; counted in"
                            + " mxcp_telemetry_spans_dropped_total, next warning in a minute at the earliest");
                }
            }
        });
        return result;
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

package dev.mxcp.host.telemetry;

import dev.mxcp.host.config.TelemetrySettings;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The traces and metrics of one runtime (in a server, of the process): the OpenTelemetry tracer provider when
 * the profile enables tracing, and one Micrometer registry that every part records into (endpoint calls,
 * policies, the MCP Manager), served as Prometheus text at {@code /metrics} whether or not telemetry is
 * enabled, and exported over OTLP at the configured interval when it is. With telemetry off no span is made
 * and no thread started; only the registry's counters tick.
 *
 * <p>Exporting never holds up a call: spans are queued (bounded, the SDK's batch processor) and sent on the
 * exporter's thread; a span that finds the queue full, and a failed export's spans, count in
 * {@code mxcp.telemetry.spans_dropped_total} (by reason) and log one warning a minute at most; {@link #close}
 * sends what is queued within the time it is given.
 */
public final class Telemetry implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Telemetry.class.getName());

    /** The span exporter's own failure lines repeat with every batch; {@link ExportGuard} logs them once a minute instead. */
    private static final Logger EXPORTER_LOG = Logger.getLogger("io.opentelemetry.exporter.otlp.internal");
    /**
     * The metric exporter logs each failed push with its stack trace: once a minute, without it (on its own
     * logger: a filter does not pass down to child loggers).
     */
    private static final Logger METRICS_EXPORT_LOG = Logger.getLogger(OtlpMeterRegistry.class.getName());

    static {
        EXPORTER_LOG.setLevel(Level.OFF);
        METRICS_EXPORT_LOG.setFilter(new OncePerMinute());
    }

    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            if (carrier == null) {
                return null;
            }
            for (Map.Entry<String, String> header : carrier.entrySet()) {
                if (header.getKey().equalsIgnoreCase(key)) {
                    return header.getValue();
                }
            }
            return null;
        }
    };

    /**
     * Spans sent in one export at most (the SDK's default is 512): each export is an HTTP request whose cost
     * (on the exporter's thread, competing with the calls for the same cores) is paid per batch, so bigger
     * batches cost less per span; 2048 of MXCP's spans make a request of about half a megabyte.
     */
    static final int BATCH_SIZE = 2048;
    /** Spans waiting for the exporter at most (four batches); more are dropped and counted. */
    static final int QUEUE_SIZE = 4 * BATCH_SIZE;

    private final TelemetrySettings settings;
    private final SdkTracerProvider tracerProvider;
    private final Tracer tracer;
    private final PrometheusMeterRegistry prometheus;
    private final OtlpMeterRegistry otlp;
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();

    private Telemetry(TelemetrySettings settings) {
        this.settings = settings;
        this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.add(prometheus);
        this.otlp = settings.metricsExportOn() ? new OtlpMeterRegistry(otlpConfig(settings), Clock.SYSTEM) : null;
        if (otlp != null) {
            meters.add(otlp);
        }
        Counter queueFull = dropped("queue_full");
        Counter exportFailed = dropped("export_failed");
        this.tracerProvider = settings.tracesOn() ? tracerProvider(settings, queueFull, exportFailed) : null;
        this.tracer = tracerProvider == null ? null : tracerProvider.get("mxcp", settings.serviceVersion());
        if (settings.enabled()) {
            LOG.log(System.Logger.Level.INFO, "Telemetry: tracing " + (tracer == null ? "off" : "to "
                    + (settings.endpoint() == null ? "" : settings.endpoint()) + (settings.consoleExport() ? " (and the"
                    + " console)" : "")) + "; metrics " + (otlp == null ? "at /metrics only" : "to " + settings.endpoint()
                    + " every " + settings.exportIntervalSeconds() + " s"));
        }
    }

    private Counter dropped(String reason) {
        return Counter.builder("mxcp.telemetry.spans_dropped_total").tag("reason", reason)
                .description("Spans that could not be exported: the export queue was full, or the endpoint did not"
                        + " take them").register(meters);
    }

    /** Starts what {@code settings} ask for; a Prometheus registry only when telemetry is off. */
    public static Telemetry start(TelemetrySettings settings) {
        return new Telemetry(settings);
    }

    public TelemetrySettings settings() {
        return settings;
    }

    /** The one registry of this runtime: record here, it reaches {@code /metrics} and the OTLP export. */
    public MeterRegistry meters() {
        return meters;
    }

    /** The registry's meters in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return prometheus.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static final String SCRAPE_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * The root span of one call, current until closed: it continues the caller's trace when {@code headers} carry
     * a W3C {@code traceparent}; {@link Traced#NONE} when tracing is off.
     */
    public Traced startCall(String name, Map<String, String> headers) {
        if (tracer == null) {
            return Traced.NONE;
        }
        Context parent = headers == null || headers.isEmpty() ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
        Span span = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.SERVER).startSpan();
        return new Traced(span, parent.with(Traces.TRACER, tracer).with(span).makeCurrent());
    }

    /** Sends what is queued (spans, the last metrics) within {@code drain}, then stops the exporters' threads. */
    public void close(Duration drain) {
        if (tracerProvider != null) {
            tracerProvider.shutdown().join(Math.max(1, drain.toMillis()), TimeUnit.MILLISECONDS);
        }
        meters.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private static SdkTracerProvider tracerProvider(TelemetrySettings settings, Counter queueFull, Counter exportFailed) {
        AttributesBuilder attributes = Attributes.builder()
                .put("service.name", settings.serviceName())
                .put("deployment.environment", settings.environment());
        if (settings.serviceVersion() != null) {
            attributes.put("service.version", settings.serviceVersion());
        }
        settings.resourceAttributes().forEach(attributes::put);
        SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(attributes.build())));
        if (settings.consoleExport()) {
            builder.addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create()));
        }
        if (settings.endpoint() != null) {
            OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
                    .setEndpoint(signalUrl(settings.endpoint(), "/v1/traces"));
            settings.headers().forEach(exporter::addHeader);
            // the SDK's defaults bound each export (30 s) and how often a batch goes (5 s)
            builder.addSpanProcessor(ExportGuard.batch(exporter.build(), QUEUE_SIZE, BATCH_SIZE, queueFull, exportFailed));
        }
        return builder.build();
    }

    private static OtlpConfig otlpConfig(TelemetrySettings settings) {
        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("service.name", settings.serviceName());
        if (settings.serviceVersion() != null) {
            resource.put("service.version", settings.serviceVersion());
        }
        resource.put("deployment.environment", settings.environment());
        resource.putAll(settings.resourceAttributes());
        String url = signalUrl(settings.endpoint(), "/v1/metrics");
        Duration step = Duration.ofSeconds(settings.exportIntervalSeconds());
        return new OtlpConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public Duration step() {
                return step;
            }

            @Override
            public Map<String, String> headers() {
                return settings.headers();
            }

            @Override
            public Map<String, String> resourceAttributes() {
                return resource;
            }
        };
    }

    /** MXCP appends the signal's path unless the endpoint already ends with it. */
    static String signalUrl(String endpoint, String path) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return base.endsWith(path) ? base : base + path;
    }
}

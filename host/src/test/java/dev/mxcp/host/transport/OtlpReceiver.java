package dev.mxcp.host.transport;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OTLP/HTTP collector on 127.0.0.1 for tests (a Helidon server: the test module does not read jdk.httpserver): decodes the protobuf bodies sent to {@code /v1/traces} and
 * {@code /v1/metrics} with the OpenTelemetry protocol's own classes and keeps what arrived.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span: ids in hex, its W3C trace state, attributes as plain values, and its resource's attributes. */
    record ReceivedSpan(String traceId, String spanId, String parentSpanId, String traceState, String name,
                        Map<String, Object> attributes, Map<String, Object> resource) {
    }

    private final WebServer server;
    final List<ReceivedSpan> spans = Collections.synchronizedList(new ArrayList<>());
    final List<String> metricNames = Collections.synchronizedList(new ArrayList<>());
    final List<Map<String, String>> traceHeaders = Collections.synchronizedList(new ArrayList<>());

    private OtlpReceiver() {
        this.server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> r.post("/v1/traces", this::traces).post("/v1/metrics", this::metrics))
                .build().start();
    }

    static OtlpReceiver start() {
        return new OtlpReceiver();
    }

    /** The base URL an exporter is configured with (the signal paths are appended). */
    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    private void traces(ServerRequest req, ServerResponse res) throws IOException {
        ExportTraceServiceRequest request;
        try (InputStream body = req.content().inputStream()) {
            request = ExportTraceServiceRequest.parseFrom(body);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        req.headers().forEach(header -> headers.put(header.name().toLowerCase(), header.values()));
        traceHeaders.add(headers);
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (var span : scope.getSpansList()) {
                    spans.add(new ReceivedSpan(hex(span.getTraceId().toByteArray()), hex(span.getSpanId().toByteArray()),
                            hex(span.getParentSpanId().toByteArray()), span.getTraceState(), span.getName(),
                            attributes(span.getAttributesList()), resource));
                }
            }
        }
        answer(res, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    }

    private void metrics(ServerRequest req, ServerResponse res) throws IOException {
        ExportMetricsServiceRequest request;
        try (InputStream body = req.content().inputStream()) {
            request = ExportMetricsServiceRequest.parseFrom(body);
        }
        request.getResourceMetricsList().forEach(resource -> resource.getScopeMetricsList()
                .forEach(scope -> scope.getMetricsList().forEach(metric -> metricNames.add(metric.getName()))));
        answer(res, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
    }

    private static void answer(ServerResponse res, byte[] body) {
        res.header("Content-Type", "application/x-protobuf");
        res.send(body);
    }

    private static Map<String, Object> attributes(List<KeyValue> list) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (KeyValue kv : list) {
            AnyValue value = kv.getValue();
            out.put(kv.getKey(), switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case BOOL_VALUE -> value.getBoolValue();
                case INT_VALUE -> value.getIntValue();
                case DOUBLE_VALUE -> value.getDoubleValue();
                default -> value.toString();
            });
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The spans of one trace. */
    List<ReceivedSpan> trace(String traceId) {
        synchronized (spans) {
            return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}

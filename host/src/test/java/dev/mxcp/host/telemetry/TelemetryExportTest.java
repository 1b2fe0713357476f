package dev.mxcp.host.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.config.TelemetrySettings;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the exporter does when the collector refuses spans (a real HTTP server answering 500), or holds them
 * while more arrive than the queue takes: the spans are counted as dropped, by reason, and closing still returns. Outside a traced call, and with telemetry off, no span is made.
 */
@Timeout(120)
class TelemetryExportTest {

    private static TelemetrySettings to(String endpoint) {
        return new TelemetrySettings(true, endpoint, Map.of("x-token", "t"), "svc", "1", "test",
                Map.of("mxcp.project", "demo"), true, false, false, 60);
    }

    @Test
    void spansTheCollectorRefusesAreCountedAsDropped() {
        List<String> paths = new CopyOnWriteArrayList<>();
        WebServer collector = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> r.post("/*", (req, res) -> {
                    paths.add(req.path().path());
                    res.status(Status.INTERNAL_SERVER_ERROR_500).send();
                })).build().start();
        try {
            Telemetry telemetry = Telemetry.start(to("http://127.0.0.1:" + collector.port() + "/"));
            try (Traced call = telemetry.startCall("mxcp.endpoint.execute", Map.of())) {
                assertThat(call.recording()).isTrue();
                assertThat(Traces.active()).isTrue();
                try (Traced child = Traces.start("mxcp.duckdb.execute")) {
                    assertThat(child.traceId()).isEqualTo(call.traceId());
                }
            }
            assertThat(Traces.active()).isFalse();
            telemetry.close(Duration.ofSeconds(60));
            assertThat(paths).contains("/v1/traces");
            assertThat(dropped(telemetry, "export_failed")).isEqualTo(2.0);
            assertThat(dropped(telemetry, "queue_full")).isZero();
        } finally {
            collector.stop();
        }
    }

    private static double dropped(Telemetry telemetry, String reason) {
        return telemetry.meters().get("mxcp.telemetry.spans_dropped_total").tag("reason", reason).counter().count();
    }

    @Test
    void spansThatFindTheQueueFullAreCountedAndTheRestArrive() throws Exception {
        // a collector that holds its first request until every span has ended, then takes everything
        CountDownLatch ended = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        WebServer collector = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> r.post("/v1/traces", (req, res) -> {
                    ended.await(60, TimeUnit.SECONDS);
                    ExportTraceServiceRequest request;
                    try (InputStream body = req.content().inputStream()) {
                        request = ExportTraceServiceRequest.parseFrom(body);
                    }
                    request.getResourceSpansList().forEach(resource -> resource.getScopeSpansList()
                            .forEach(scope -> received.addAndGet(scope.getSpansCount())));
                    res.header("Content-Type", "application/x-protobuf")
                            .send(ExportTraceServiceResponse.getDefaultInstance().toByteArray());
                })).build().start();
        try {
            Telemetry telemetry = Telemetry.start(to("http://127.0.0.1:" + collector.port()));
            int calls = 3 * Telemetry.QUEUE_SIZE;
            for (int i = 0; i < calls; i++) {
                telemetry.startCall("mxcp.endpoint.execute", Map.of()).close();
            }
            ended.countDown();
            telemetry.close(Duration.ofSeconds(60));
            double queueFull = dropped(telemetry, "queue_full");
            // at most a queue's worth waits while the first batch is held, so the rest cannot have found room
            assertThat(queueFull).isGreaterThan(0);
            assertThat(received.get() + queueFull + dropped(telemetry, "export_failed")).isEqualTo((double) calls);
            assertThat(telemetry.scrape()).contains("mxcp_telemetry_spans_dropped_total{reason=\"queue_full\"}");
        } finally {
            collector.stop();
        }
    }

    @Test
    void offOrOutsideACallNoSpanIsMade() {
        assertThat(Traces.start("mxcp.duckdb.execute")).isSameAs(Traced.NONE);
        try (Telemetry off = Telemetry.start(TelemetrySettings.OFF)) {
            assertThat(off.startCall("mxcp.endpoint.execute", Map.of("traceparent",
                    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))).isSameAs(Traced.NONE);
            assertThat(Traces.start("mxcp.duckdb.execute")).isSameAs(Traced.NONE);
            assertThat(off.scrape()).contains("mxcp_telemetry_spans_dropped_total");
        }
    }
}

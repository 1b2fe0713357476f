package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.audit.AuditFiles;
import dev.mxcp.host.json.Json;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces and metrics end to end: a real server exports to a real OTLP/HTTP receiver on 127.0.0.1 (decoding
 * the protobuf), an MCP client calls a SQL, a Python and a JavaScript tool with a W3C {@code traceparent}, and
 * each call is one trace continuing the caller's, with MXCP's span tree and attributes and no argument value.
 */
@Timeout(300)
class TelemetryTest {

    /** An argument no span, metric or log may carry. */
    private static final String SECRET = "Zanzibar-4417";

    @TempDir
    Path dir;

    private Path project() {
        Path project = dir.resolve("project");
        Fixtures.write(project, "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                profiles:
                  dev:
                    duckdb: {path: ":memory:"}
                    audit: {enabled: true}
                """);
        Fixtures.write(project, "tools/sql_len.yml", """
                mxcp: 1
                tool:
                  name: sql_len
                  parameters: [{name: word, type: string, description: A word}]
                  return: {type: integer}
                  source: {code: "SELECT length($word) AS n"}
                """);
        Fixtures.write(project, "tools/py_len.yml", """
                mxcp: 1
                tool:
                  name: py_len
                  language: python
                  parameters: [{name: word, type: string, description: A word}]
                  return: {type: integer}
                  source: {file: ../python/lengths.py}
                """);
        Fixtures.write(project, "python/lengths.py", """
                from mxcp.runtime import db, telemetry

                def py_len(word: str) -> int:
                    with telemetry.span("measure", {"step": "length"}) as span:
                        rows = db.execute("SELECT length($w) AS n", {"w": word})
                        span.set_attribute("rows", len(rows))
                    return rows[0]["n"]
                """);
        Fixtures.write(project, "tools/js_len.yml", """
                mxcp: 1
                tool:
                  name: js_len
                  language: javascript
                  parameters: [{name: word, type: string, description: A word}]
                  return: {type: integer}
                  source: {file: ../js/lengths.mjs}
                """);
        Fixtures.write(project, "js/lengths.mjs", """
                import { db, telemetry } from "mxcp:runtime";

                export function js_len({ word }) {
                  return telemetry.span("measure", { step: "length" }, (span) => {
                    const rows = db.execute("SELECT length($w) AS n", { w: word });
                    span.setAttribute("rows", rows.length);
                    return rows[0].n;
                  });
                }
                """);
        Fixtures.write(project, "tools/guarded.yml", """
                mxcp: 1
                tool:
                  name: guarded
                  parameters: [{name: word, type: string, description: A word}]
                  return: {type: integer}
                  source: {code: "SELECT length($word) AS n"}
                  policies:
                    input:
                      - {condition: "word == 'no'", action: deny, reason: Not this word}
                """);
        return project;
    }

    private record Server(Mxcp mxcp, WebServer web) implements AutoCloseable {
        McpClient client() {
            return McpClient.http(URI.create("http://127.0.0.1:" + web.port() + "/mcp"));
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            try (HttpClient http = HttpClient.newHttpClient()) {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
        }

        @Override
        public void close() {
            web.stop();
            mxcp.close(); // flushes the queued spans and the last metrics
        }
    }

    private Server serve(Path project, Map<String, String> env) {
        Mxcp mxcp = Mxcp.builder().project(project).environment(env).watch(false).build();
        WebServer web = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> mxcp.mount(r, "/mcp")).build().start();
        return new Server(mxcp, web);
    }

    /** A caller's trace context: a fresh trace id and the caller's span id. */
    private record Caller(String traceId, String spanId) {
        static Caller random() {
            byte[] trace = new byte[16];
            byte[] span = new byte[8];
            ThreadLocalRandom.current().nextBytes(trace);
            ThreadLocalRandom.current().nextBytes(span);
            return new Caller(HexFormat.of().formatHex(trace), HexFormat.of().formatHex(span));
        }

        String traceparent() {
            return "00-" + traceId + "-" + spanId + "-01";
        }
    }

    private static int call(McpClient client, Caller caller, String tool, String word) {
        client.traceparent = caller.traceparent();
        JsonNode result = client.result("tools/call", Map.of("name", tool, "arguments", Map.of("word", word)));
        assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
        return result.at("/structuredContent/result").asInt();
    }

    @Test
    void eachCallIsOneTraceContinuingTheCallersWithMxcpsSpansAndNoValues() throws Exception {
        Path project = project();
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Path config = Fixtures.write(dir, "config.yml", """
                    mxcp: 1
                    projects:
                      demo:
                        profiles:
                          dev:
                            telemetry:
                              enabled: true
                              endpoint: %s
                              service_name: lengths
                              headers: {x-collector-token: "${COLLECTOR_TOKEN}"}
                              metrics: {export_interval: 60}
                    """.formatted(receiver.endpoint()));
            Map<String, String> env = Fixtures.env(dir.resolve("home"), "MXCP_CONFIG", config.toString(),
                    "COLLECTOR_TOKEN", "t-123");
            Map<String, Caller> callers = new HashMap<>();
            String metrics;
            try (Server server = serve(project, env); McpClient client = server.client()) {
                client.initialize();
                for (String tool : List.of("sql_len", "py_len", "js_len")) {
                    Caller caller = Caller.random();
                    callers.put(tool, caller);
                    assertThat(call(client, caller, tool, SECRET)).isEqualTo(SECRET.length());
                }
                assertThat(call(client, Caller.random(), "sql_len", "ab")).isEqualTo(2);
                client.traceparent = Caller.random().traceparent();
                JsonNode denied = client.result("tools/call", Map.of("name", "guarded", "arguments", Map.of("word", "no")));
                assertThat(denied.path("isError").asBoolean()).isTrue();
                HttpResponse<String> scraped = server.get("/metrics");
                assertThat(scraped.statusCode()).isEqualTo(200);
                assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
                metrics = scraped.body();
                HttpResponse<String> health = server.get("/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(Json.MAPPER.readTree(health.body()).get("status").asText()).isEqualTo("UP");
            }

            // the SQL tool: endpoint → validation, execution engine → duckdb, output validation
            SpanTree sql = SpanTree.of(receiver.trace(callers.get("sql_len").traceId()));
            OtlpReceiver.ReceivedSpan root = sql.root(callers.get("sql_len").spanId());
            assertThat(root.name()).isEqualTo("mxcp.endpoint.execute");
            assertThat(root.attributes()).containsEntry("mxcp.endpoint.name", "sql_len")
                    .containsEntry("mxcp.endpoint.type", "tool").containsEntry("mxcp.auth.authenticated", false)
                    .containsKey("mxcp.session.id");
            assertThat(root.resource()).containsEntry("service.name", "lengths")
                    .containsEntry("deployment.environment", "dev").containsEntry("mxcp.project", "demo");
            assertThat(sql.childNames(root)).containsExactlyInAnyOrder("mxcp.validation.input", "mxcp.execution_engine.execute");
            OtlpReceiver.ReceivedSpan engine = sql.child(root, "mxcp.execution_engine.execute");
            assertThat(engine.attributes()).containsEntry("mxcp.execution.language", "sql")
                    .containsEntry("mxcp.params.count", 1L).containsEntry("mxcp.result.count", 1L);
            assertThat(sql.childNames(engine)).containsExactlyInAnyOrder("mxcp.duckdb.execute", "mxcp.validation.output");
            OtlpReceiver.ReceivedSpan query = sql.child(engine, "mxcp.duckdb.execute");
            assertThat(query.attributes()).containsEntry("db.system", "duckdb").containsEntry("db.operation", "select")
                    .containsEntry("db.parameters.count", 1L).containsEntry("db.readonly", false);
            assertThat((String) query.attributes().get("db.statement.hash")).matches("[0-9a-f]{16}");

            // guest code: the guest's span under the execution engine, a span of its own (mxcp.runtime's
            // telemetry.span) under that, and its db.execute in it
            for (String[] guest : List.of(new String[] {"py_len", "python"}, new String[] {"js_len", "javascript"})) {
                SpanTree tree = SpanTree.of(receiver.trace(callers.get(guest[0]).traceId()));
                OtlpReceiver.ReceivedSpan guestRoot = tree.root(callers.get(guest[0]).spanId());
                OtlpReceiver.ReceivedSpan guestEngine = tree.child(guestRoot, "mxcp.execution_engine.execute");
                assertThat(guestEngine.attributes()).containsEntry("mxcp.execution.language", guest[1]);
                OtlpReceiver.ReceivedSpan run = tree.child(guestEngine, "mxcp." + guest[1] + ".execute");
                assertThat(run.attributes()).containsEntry("mxcp." + guest[1] + ".name", guest[0]);
                OtlpReceiver.ReceivedSpan own = tree.child(run, "measure");
                assertThat(own.attributes()).containsEntry("step", "length").containsEntry("rows", 1L);
                assertThat(tree.child(own, "mxcp.duckdb.execute").attributes()).containsEntry("db.operation", "select");
            }

            // no value anywhere: not in attributes, not in the export headers' neighbourhood
            synchronized (receiver.spans) {
                assertThat(receiver.spans).allSatisfy(span -> assertThat(span.attributes().values().toString())
                        .doesNotContain(SECRET));
                assertThat(receiver.spans.stream().filter(s -> s.name().startsWith("mxcp.policy.enforce_input")))
                        .singleElement().satisfies(span -> assertThat(span.attributes())
                                .containsEntry("mxcp.policy.decision", "deny"));
            }
            assertThat(receiver.traceHeaders).allSatisfy(h -> assertThat(h).containsEntry("x-collector-token", "t-123"));
            assertThat(receiver.metricNames).contains("mxcp.endpoint.requests_total");

            // /metrics: the request counters match the calls made
            Map<String, Double> samples = PrometheusText.parse(metrics);
            assertThat(samples.get("mxcp_endpoint_requests_total{caller=\"http\",endpoint=\"sql_len\","
                    + "policy_decision=\"none\",status=\"success\",type=\"tool\"}")).isEqualTo(2.0);
            assertThat(samples.get("mxcp_endpoint_requests_total{caller=\"http\",endpoint=\"py_len\","
                    + "policy_decision=\"none\",status=\"success\",type=\"tool\"}")).isEqualTo(1.0);
            assertThat(samples.get("mxcp_endpoint_requests_total{caller=\"http\",endpoint=\"js_len\","
                    + "policy_decision=\"none\",status=\"success\",type=\"tool\"}")).isEqualTo(1.0);
            assertThat(samples.get("mxcp_endpoint_errors_total{caller=\"http\",endpoint=\"guarded\","
                    + "error_type=\"PolicyEnforcementError\",type=\"tool\"}")).isEqualTo(1.0);
            assertThat(samples.get("mxcp_policy_denials_total{reason=\"deny\",type=\"input\"}")).isEqualTo(1.0);
            assertThat(samples.get("mxcp_endpoint_duration_seconds_count{endpoint=\"sql_len\",status=\"success\","
                    + "type=\"tool\"}")).isEqualTo(2.0);
            assertThat(samples.get("mxcp_endpoint_concurrent_executions{endpoint=\"sql_len\",type=\"tool\"}")).isZero();
            assertThat(samples.entrySet()).anySatisfy(e -> assertThat(e.getKey()).startsWith("mxcp_up_total{")
                    .contains("project=\"demo\"", "profile=\"dev\""));
            // MXCP's execution engine counters: the denied call never ran its SQL
            assertThat(samples.get("mxcp_execution_total{language=\"sql\",status=\"success\"}")).isEqualTo(2.0);
            assertThat(samples.get("mxcp_execution_total{language=\"python\",status=\"success\"}")).isEqualTo(1.0);
            assertThat(samples.get("mxcp_execution_total{language=\"javascript\",status=\"success\"}")).isEqualTo(1.0);
            assertThat(samples.get("mxcp_execution_concurrent{language=\"sql\"}")).isZero();
            // the pools: DuckDB's connections all open, one worker per guest language started (one call each), none in use
            double connections = samples.get("mxcp_pool_max{pool=\"duckdb\"}");
            assertThat(connections).isGreaterThanOrEqualTo(2.0);
            assertThat(samples.get("mxcp_pool_open{pool=\"duckdb\"}")).isEqualTo(connections);
            for (String pool : List.of("duckdb", "python", "javascript")) {
                assertThat(samples.get("mxcp_pool_in_use{pool=\"" + pool + "\"}")).as(pool).isZero();
            }
            for (String pool : List.of("python", "javascript")) {
                assertThat(samples.get("mxcp_pool_open{pool=\"" + pool + "\"}")).as(pool).isEqualTo(1.0);
                assertThat(samples.get("mxcp_pool_max{pool=\"" + pool + "\"}")).as(pool).isGreaterThanOrEqualTo(1.0);
            }
            assertThat(samples.get("mxcp_duckdb_dedicated_connections")).isNotNull();
            assertThat(metrics).doesNotContain(SECRET);

            // the audit record leads to its trace
            List<JsonNode> records = new java.util.ArrayList<>();
            for (Path segment : AuditFiles.segments(project.resolve("audit/logs-dev.jsonl"))) {
                for (String line : Files.readAllLines(segment)) {
                    records.add(Json.parse(line));
                }
            }
            assertThat(records).anySatisfy(r -> {
                assertThat(r.get("operation_name").asText()).isEqualTo("py_len");
                assertThat(r.get("trace_id").asText()).isEqualTo(callers.get("py_len").traceId());
            });
        }
    }

    @Test
    void theEnvironmentAloneEnablesItAndACollectorThatGoesAwayCostsNoCall() throws Exception {
        Path project = project();
        OtlpReceiver receiver = OtlpReceiver.start();
        Map<String, String> env = Fixtures.env(dir.resolve("home"), "MXCP_TELEMETRY_ENABLED", "true",
                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_SERVICE_NAME", "from-env",
                "OTEL_RESOURCE_ATTRIBUTES", "team=platform");
        Caller first = Caller.random();
        try (Server server = serve(project, env); McpClient client = server.client()) {
            client.initialize();
            assertThat(call(client, first, "sql_len", "abc")).isEqualTo(3);
            Map<String, Caller> guests = Map.of("py_len", Caller.random(), "js_len", Caller.random());
            guests.forEach((tool, caller) -> assertThat(call(client, caller, tool, "abc")).isEqualTo(3));
            // the batch goes out on its own schedule (5 s): wait for each root span (it ends after its children),
            // however long the machine takes
            for (Caller caller : List.of(first, guests.get("py_len"), guests.get("js_len"))) {
                while (receiver.trace(caller.traceId()).stream().noneMatch(s -> s.name().equals("mxcp.endpoint.execute"))) {
                    Thread.sleep(100);
                }
            }
            OtlpReceiver.ReceivedSpan root = SpanTree.of(receiver.trace(first.traceId())).root(first.spanId());
            assertThat(root.resource()).containsEntry("service.name", "from-env").containsEntry("team", "platform")
                    .containsEntry("mxcp.profile", "dev");
            for (Map.Entry<String, Caller> guest : guests.entrySet()) {
                SpanTree tree = SpanTree.of(receiver.trace(guest.getValue().traceId()));
                OtlpReceiver.ReceivedSpan guestRoot = tree.root(guest.getValue().spanId());
                assertThat(guestRoot.attributes()).containsEntry("mxcp.endpoint.name", guest.getKey());
                OtlpReceiver.ReceivedSpan engine = tree.child(guestRoot, "mxcp.execution_engine.execute");
                String language = guest.getKey().equals("py_len") ? "python" : "javascript";
                OtlpReceiver.ReceivedSpan run = tree.child(engine, "mxcp." + language + ".execute");
                assertThat(tree.child(tree.child(run, "measure"), "mxcp.duckdb.execute")).isNotNull();
            }
            receiver.close(); // the collector goes away mid-run
            for (int i = 0; i < 5; i++) {
                for (String tool : List.of("sql_len", "py_len", "js_len")) {
                    assertThat(call(client, Caller.random(), tool, "abcd")).isEqualTo(4);
                }
            }
            Map<String, Double> samples = PrometheusText.parse(server.get("/metrics").body());
            assertThat(samples.get("mxcp_endpoint_requests_total{caller=\"http\",endpoint=\"sql_len\","
                    + "policy_decision=\"none\",status=\"success\",type=\"tool\"}")).isEqualTo(6.0);
            assertThat(samples.get("mxcp_endpoint_requests_total{caller=\"http\",endpoint=\"py_len\","
                    + "policy_decision=\"none\",status=\"success\",type=\"tool\"}")).isEqualTo(6.0);
        }
    }

    @Test
    void aModernRequestContinuesTheTraceContextOfItsMeta() throws Exception {
        Path project = project();
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Map<String, String> env = Fixtures.env(dir.resolve("home"), "MXCP_TELEMETRY_ENABLED", "true",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
            Caller inMeta = Caller.random();
            Caller inHeader = Caller.random();
            Caller headerOnly = Caller.random();
            try (Server server = serve(project, env); McpClient client = server.client()) {
                // _meta's trace context is the request's own: it wins over the HTTP request's header
                client.traceparent = inHeader.traceparent();
                Map<String, Object> meta = new java.util.LinkedHashMap<>(ModernWireTest.meta("2026-07-28", Map.of()));
                meta.put("traceparent", inMeta.traceparent());
                meta.put("tracestate", "vendor=abc");
                assertThat(modernCall(client, 1, "sql_len", meta)).isEqualTo(SECRET.length());
                // without one in _meta, the header still continues the caller's trace
                client.traceparent = headerOnly.traceparent();
                assertThat(modernCall(client, 2, "js_len", ModernWireTest.meta("2026-07-28", Map.of())))
                        .isEqualTo(SECRET.length());
            }
            SpanTree sql = SpanTree.of(receiver.trace(inMeta.traceId()));
            OtlpReceiver.ReceivedSpan root = sql.root(inMeta.spanId());
            assertThat(root.attributes()).containsEntry("mxcp.endpoint.name", "sql_len");
            assertThat(root.traceState()).isEqualTo("vendor=abc");
            assertThat(sql.child(sql.child(root, "mxcp.execution_engine.execute"), "mxcp.duckdb.execute")).isNotNull();
            assertThat(receiver.trace(inHeader.traceId())).isEmpty();
            SpanTree js = SpanTree.of(receiver.trace(headerOnly.traceId()));
            assertThat(js.root(headerOnly.spanId()).attributes()).containsEntry("mxcp.endpoint.name", "js_len");
            synchronized (receiver.spans) {
                assertThat(receiver.spans).allSatisfy(span -> assertThat(span.attributes().values().toString())
                        .doesNotContain(SECRET));
            }
        }
    }

    /** A 2026-07-28 tools/call (no session, no initialize) with the given {@code _meta}. */
    private static int modernCall(McpClient client, long id, String tool, Map<String, Object> meta) {
        McpClient.Exchange exchange = client.exchange("POST", ModernWireTest.body(id, "tools/call", Map.of("name", tool,
                "arguments", Map.of("word", SECRET), "_meta", meta)), Map.of("MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", tool));
        assertThat(exchange.messages()).as(exchange.body()).hasSize(1);
        JsonNode result = exchange.messages().getFirst().get("result");
        assertThat(result.path("isError").asBoolean()).as(exchange.body()).isFalse();
        return result.at("/structuredContent/result").asInt();
    }

    /** The spans of one trace as a tree. */
    private record SpanTree(List<OtlpReceiver.ReceivedSpan> spans) {
        static SpanTree of(List<OtlpReceiver.ReceivedSpan> spans) {
            assertThat(spans).as("spans of the trace").isNotEmpty();
            return new SpanTree(spans);
        }

        /** The one span whose parent is the caller's span: the trace continues the caller's. */
        OtlpReceiver.ReceivedSpan root(String callerSpanId) {
            assertThat(spans.stream().filter(s -> s.parentSpanId().equals(callerSpanId))).hasSize(1);
            assertThat(spans.stream().filter(s -> s.name().equals("mxcp.endpoint.execute"))).hasSize(1);
            return spans.stream().filter(s -> s.parentSpanId().equals(callerSpanId)).findFirst().orElseThrow();
        }

        List<String> childNames(OtlpReceiver.ReceivedSpan parent) {
            return spans.stream().filter(s -> s.parentSpanId().equals(parent.spanId()))
                    .map(OtlpReceiver.ReceivedSpan::name).toList();
        }

        OtlpReceiver.ReceivedSpan child(OtlpReceiver.ReceivedSpan parent, String name) {
            List<OtlpReceiver.ReceivedSpan> found = spans.stream()
                    .filter(s -> s.parentSpanId().equals(parent.spanId()) && s.name().equals(name)).toList();
            assertThat(found).as(name + " under " + parent.name()).hasSize(1);
            return found.getFirst();
        }
    }

    /** The Prometheus text format, line by line: samples by name and sorted labels, comments skipped. */
    static final class PrometheusText {
        private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

        static Map<String, Double> parse(String text) {
            Map<String, Double> samples = new HashMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher sample = SAMPLE.matcher(line.strip());
                assertThat(sample.matches()).as("a sample line: " + line).isTrue();
                java.util.TreeMap<String, String> labels = new java.util.TreeMap<>();
                if (sample.group(3) != null) {
                    Matcher label = LABEL.matcher(sample.group(3));
                    int end = 0;
                    while (label.find() && label.start() == end) {
                        labels.put(label.group(1), label.group(2));
                        end = label.end();
                    }
                    assertThat(end).as("labels of: " + line).isEqualTo(sample.group(3).length());
                }
                StringBuilder key = new StringBuilder(sample.group(1));
                if (!labels.isEmpty()) {
                    key.append('{');
                    labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
                    key.setLength(key.length() - 1);
                    key.append('}');
                }
                samples.put(key.toString(), Double.parseDouble(sample.group(4)));
            }
            return samples;
        }
    }
}

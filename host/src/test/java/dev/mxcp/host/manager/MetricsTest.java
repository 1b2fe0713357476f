package dev.mxcp.host.manager;

import static dev.mxcp.host.manager.McpManagerTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's Prometheus text, read back by a small parser of the text format's line grammar (no Java parser
 * library is at hand): every line must be a comment or a sample, and the samples must count the calls made.
 */
class MetricsTest {

    @TempDir
    Path dir;

    /** One sample line: name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})?\\s+(\\S+)(\\s+-?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) (" + NAME + ")( .*)?|#.*");

    /** Parses the Prometheus text format (0.0.4); fails on any line that is neither a comment nor a sample. */
    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || COMMENT.matcher(line).matches()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                int end = 0;
                while (label.find() && label.start() == end) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                }
                assertThat(end).as("labels of %s", line).isEqualTo(sample.group(3).length());
            }
            String value = sample.group(4);
            samples.add(new Sample(sample.group(1), labels, switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(value);
            }));
        }
        return samples;
    }

    static double value(List<Sample> samples, String name, String... labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(wanted.entrySet())).toList();
        assertThat(found).as("%s%s", name, wanted).hasSize(1);
        return found.getFirst().value();
    }

    @Test
    void theExportCountsEachCallByServerAndOutcome() {
        try (Upstream upstream = Upstream.start(dir.resolve("a")); McpManager manager = McpManager.create()) {
            manager.start();
            manager.deployServer("a", config(upstream.url(), "\"instances\": 2"));
            for (int i = 0; i < 3; i++) {
                manager.execute("a", "{\"method\": \"echo\", \"params\": {\"text\": \"x\"}}");
            }
            assertThatThrownBy(() -> manager.execute("a", "{\"method\": \"fail\"}")).isInstanceOf(McpManagerException.class);
            assertThatThrownBy(() -> manager.execute("a", "{\"method\": \"nope\"}")).isInstanceOf(McpManagerException.class);

            List<Sample> samples = parse(manager.exportPrometheusMetrics());
            assertThat(value(samples, "mcp_manager_requests_total", "server", "a", "outcome", "success")).isEqualTo(3);
            assertThat(value(samples, "mcp_manager_requests_total", "server", "a", "outcome", "tool_error")).isEqualTo(1);
            assertThat(value(samples, "mcp_manager_requests_total", "server", "a", "outcome", "rpc_error")).isEqualTo(1);
            assertThat(value(samples, "mcp_manager_requests_total", "server", "a", "outcome", "timeout")).isZero();
            assertThat(value(samples, "mcp_manager_requests_total", "server", "a", "outcome", "circuit_open")).isZero();
            assertThat(value(samples, "mcp_manager_request_duration_seconds_count", "server", "a")).isEqualTo(5);
            assertThat(value(samples, "mcp_manager_request_duration_seconds_bucket", "server", "a", "le", "+Inf")).isEqualTo(5);
            assertThat(value(samples, "mcp_manager_requests_in_flight", "server", "a")).isZero();
            assertThat(value(samples, "mcp_manager_server_instances", "server", "a")).isEqualTo(2);
            assertThat(value(samples, "mcp_manager_circuit_state", "server", "a", "state", "Closed")).isEqualTo(1);
            assertThat(value(samples, "mcp_manager_circuit_state", "server", "a", "state", "Open")).isZero();
            assertThat(value(samples, "mcp_manager_server_health", "server", "a", "state", "Healthy")).isEqualTo(1);
            assertThat(value(samples, "mcp_manager_health_checks_total", "server", "a", "outcome", "success")).isZero();

            manager.undeployServer("a");
            Upstream.await(() -> parse(manager.exportPrometheusMetrics()).stream()
                    .noneMatch(s -> "a".equals(s.labels().get("server"))), "a's meters to go with it");
        }
    }

    @Test
    void aSharedRegistryIsExportedThroughAComposite() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CompositeMeterRegistry shared = new CompositeMeterRegistry();
        shared.add(prometheus);
        prometheus.counter("other_component_events").increment();
        try (Upstream upstream = Upstream.start(dir.resolve("a"));
             McpManager manager = McpManager.builder().meterRegistry(shared).build()) {
            manager.start();
            manager.deployServer("a", config(upstream.url(), ""));
            manager.execute("a", "{\"method\": \"ping\"}");
            List<Sample> samples = parse(manager.exportPrometheusMetrics());
            assertThat(value(samples, "other_component_events_total")).isEqualTo(1);
            assertThat(value(samples, "mcp_manager_requests_total", "server", "a", "outcome", "success")).isEqualTo(1);
            assertThat(manager.meterRegistry()).isSameAs(shared);
        }
        try (McpManager plain = McpManager.builder().meterRegistry(new SimpleMeterRegistry()).build()) {
            assertThatThrownBy(plain::exportPrometheusMetrics)
                    .hasMessage("The manager's meter registry holds no PrometheusMeterRegistry to export");
        }
    }
}

package dev.mxcp.host.config;

import dev.mxcp.host.base.MxcpException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenTelemetry export as MXCP resolves it for the active profile: the profile's {@code telemetry:} section
 * (references such as {@code ${VAR}} in its headers already resolved), overridden key by key by the environment
 * ({@code MXCP_TELEMETRY_ENABLED}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_HEADERS},
 * {@code OTEL_SERVICE_NAME}, {@code OTEL_RESOURCE_ATTRIBUTES}, {@code MXCP_TELEMETRY_TRACING_CONSOLE},
 * {@code MXCP_TELEMETRY_METRICS_INTERVAL}); off unless one of them enables it.
 *
 * @param endpoint the OTLP/HTTP base URL ({@code /v1/traces} and {@code /v1/metrics} are appended), or null
 * @param headers sent with every export (secrets: never logged)
 * @param resourceAttributes {@code mxcp.project}, {@code mxcp.profile}, then the configured ones
 * @param exportIntervalSeconds how often metrics are exported
 */
public record TelemetrySettings(boolean enabled, String endpoint, Map<String, String> headers, String serviceName,
                                String serviceVersion, String environment, Map<String, String> resourceAttributes,
                                boolean tracing, boolean consoleExport, boolean metrics, int exportIntervalSeconds) {

    /** MXCP's service name when none is configured. */
    public static final String DEFAULT_SERVICE_NAME = "mxcp";
    /** MXCP's metric export interval. */
    public static final int DEFAULT_EXPORT_INTERVAL = 60;

    public static final TelemetrySettings OFF = new TelemetrySettings(false, null, Map.of(), DEFAULT_SERVICE_NAME,
            null, null, Map.of(), false, false, false, DEFAULT_EXPORT_INTERVAL);

    public TelemetrySettings {
        headers = Map.copyOf(headers);
        resourceAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(resourceAttributes));
    }

    /** Whether spans are recorded and exported (to the endpoint, the console or both). */
    public boolean tracesOn() {
        return enabled && tracing && (endpoint != null || consoleExport);
    }

    /** Whether metrics are exported over OTLP (they are always served at {@code /metrics}). */
    public boolean metricsExportOn() {
        return enabled && metrics && endpoint != null;
    }

    /**
     * Merges the profile's section with the environment as MXCP does: a variable replaces its key (the headers
     * and resource attributes as a whole), the {@code tracing} and {@code metrics} sub-keys one by one.
     *
     * @param version this runtime's version, the default {@code service.version}
     * @throws MxcpException naming the file and key, or the variable, of a value that cannot be applied
     */
    static TelemetrySettings resolve(TelemetryConfig file, YamlDocument doc, List<Object> path, String project,
                                     String profile, Map<String, String> env, String version) {
        boolean enabled = file.enabled();
        String flag = env.getOrDefault("MXCP_TELEMETRY_ENABLED", "").strip().toLowerCase(Locale.ROOT);
        if (List.of("true", "1", "yes").contains(flag)) {
            enabled = true;
        } else if (List.of("false", "0", "no").contains(flag)) {
            enabled = false;
        }
        if (!enabled) {
            return OFF;
        }
        TelemetryConfig.Tracing tracing = file.tracing() == null ? new TelemetryConfig.Tracing(null, null) : file.tracing();
        TelemetryConfig.Metrics metrics = file.metrics() == null ? new TelemetryConfig.Metrics(null, null) : file.metrics();
        Boolean console = tracing.consoleExport();
        String consoleEnv = env.getOrDefault("MXCP_TELEMETRY_TRACING_CONSOLE", "").strip().toLowerCase(Locale.ROOT);
        if (List.of("true", "1", "yes").contains(consoleEnv)) {
            console = true;
        } else if (List.of("false", "0", "no").contains(consoleEnv)) {
            console = false;
        }
        int interval;
        String intervalEnv = env.get("MXCP_TELEMETRY_METRICS_INTERVAL");
        if (intervalEnv != null && !intervalEnv.isEmpty()) {
            interval = seconds(intervalEnv.strip());
            if (interval < 1) {
                throw new MxcpException("environment variable MXCP_TELEMETRY_METRICS_INTERVAL=" + intervalEnv
                        + ": expected a whole number of seconds, at least 1");
            }
        } else {
            interval = metrics.exportInterval() == null ? DEFAULT_EXPORT_INTERVAL : metrics.exportInterval();
            if (interval < 1) {
                throw doc.errorAt(append(path, "metrics", "export_interval"), "expected a number of seconds, at least 1");
            }
        }
        String endpoint = firstSet(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"), file.endpoint());
        if (endpoint != null && !isHttpUrl(endpoint)) {
            throw env.get("OTEL_EXPORTER_OTLP_ENDPOINT") != null
                    ? new MxcpException("environment variable OTEL_EXPORTER_OTLP_ENDPOINT=" + endpoint
                            + ": expected an http:// or https:// URL")
                    : doc.errorAt(append(path, "endpoint"), "expected an http:// or https:// URL");
        }
        Map<String, String> headers = env.get("OTEL_EXPORTER_OTLP_HEADERS") != null
                ? pairs(env.get("OTEL_EXPORTER_OTLP_HEADERS")) : file.headers() == null ? Map.of() : file.headers();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("mxcp.project", project);
        attributes.put("mxcp.profile", profile);
        if (env.get("OTEL_RESOURCE_ATTRIBUTES") != null) {
            attributes.putAll(pairs(env.get("OTEL_RESOURCE_ATTRIBUTES")));
        } else if (file.resourceAttributes() != null) {
            file.resourceAttributes().forEach((key, value) -> attributes.put(key, String.valueOf(value)));
        }
        return new TelemetrySettings(true, endpoint, headers,
                firstSet(env.get("OTEL_SERVICE_NAME"), file.serviceName(), DEFAULT_SERVICE_NAME),
                firstSet(file.serviceVersion(), version), firstSet(file.environment(), profile), attributes,
                tracing.enabled() == null || tracing.enabled(), console != null && console,
                metrics.enabled() == null || metrics.enabled(), interval);
    }

    /** Collectors are often reached over plain http inside a cluster (MXCP's docs do), so both schemes pass. */
    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int seconds(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code key1=value1,key2=value2}, as MXCP parses the OTEL variables (pairs without '=' are skipped). */
    private static Map<String, String> pairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static List<Object> append(List<Object> path, Object... more) {
        List<Object> all = new ArrayList<>(path);
        all.addAll(List.of(more));
        return all;
    }
}

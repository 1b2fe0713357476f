package dev.mxcp.host.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A profile's {@code telemetry:} section (OpenTelemetry export), as MXCP's telemetry model. */
public record TelemetryConfig(
        Boolean enabled,
        String endpoint,
        Map<String, String> headers,
        @JsonProperty("service_name") String serviceName,
        @JsonProperty("service_version") String serviceVersion,
        String environment,
        @JsonProperty("resource_attributes") Map<String, Object> resourceAttributes,
        Tracing tracing,
        Metrics metrics) {

    public static final TelemetryConfig DISABLED = new TelemetryConfig(null, null, null, null, null, null, null, null, null);

    public TelemetryConfig {
        enabled = enabled != null && enabled;
    }

    /** Span export. */
    public record Tracing(Boolean enabled, @JsonProperty("console_export") Boolean consoleExport) {
    }

    /** Metric export. */
    public record Metrics(Boolean enabled, @JsonProperty("export_interval") Integer exportInterval) {
    }
}

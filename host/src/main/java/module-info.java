/**
 * The MXCP host. A checked contract, not a runtime boundary: the launcher and the tests run the jars on the
 * class path, where this descriptor is ignored, but it must compile, so every dependency resolves and only the
 * embedding API is exported: {@code dev.mxcp.host} and the packages whose types its signatures use (a
 * {@code ProjectRuntime} opened from a {@code ProjectConfig}, {@code HttpOptions}, {@code CompletionProvider},
 * {@code RateLimit}...). The CLI, the guest runtime and the JSON helpers stay inside.
 */
module dev.mxcp.host {
    exports dev.mxcp.host;
    exports dev.mxcp.host.base;
    exports dev.mxcp.host.transport;
    exports dev.mxcp.host.auth;
    exports dev.mxcp.host.manager;
    exports dev.mxcp.host.mcp;
    exports dev.mxcp.host.engine;
    exports dev.mxcp.host.audit;
    exports dev.mxcp.host.db;
    exports dev.mxcp.host.endpoint;
    exports dev.mxcp.host.telemetry;
    exports dev.mxcp.host.config;

    requires transitive dev.mxcp.guest;
    requires dev.mxcp.policy; // an automatic module: cel-java, which it uses, cannot be a named module's dependency
    requires transitive io.helidon.webserver;
    requires transitive com.fasterxml.jackson.databind;
    requires java.sql;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.yaml.snakeyaml;
    requires info.picocli;
    requires org.graalvm.polyglot;
    requires duckdb.jdbc;
    requires jinjava;
    requires io.github.bucket4j.core;
    requires java.net.http;
    requires io.helidon.webclient.http1;
    requires io.helidon.faulttolerance;
    requires transitive micrometer.core; // McpManager takes and exposes a MeterRegistry; so does Telemetry
    requires micrometer.registry.prometheus;
    requires com.nimbusds.jose.jwt;
    requires java.logging;
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.sdk.trace;
    requires io.opentelemetry.exporter.otlp;
    requires io.opentelemetry.exporter.logging;
    requires micrometer.registry.otlp;
    requires jdk.unsupported; // sun.misc.Signal: mxcp serve reloads on SIGHUP

    // picocli sets the options of the commands reflectively
    opens dev.mxcp.host.cli to info.picocli;
}

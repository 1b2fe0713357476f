/**
 * OpenTelemetry traces and Micrometer metrics for the whole host: {@link dev.mxcp.host.telemetry.Telemetry}
 * owns the SDK and the meter registry of one runtime; {@link dev.mxcp.host.telemetry.Traces} lets any layer
 * above (db, polyglot, engine) add a span to the call it runs in, at no cost when the call is not traced.
 * Imports {@code config} and below.
 */
package dev.mxcp.host.telemetry;

/**
 * Guest code on GraalVM: one shared polyglot {@code Engine} (started on first use), a pool of workers per
 * language (each a context with its own module state and DuckDB connection), the host object the guest's
 * {@code mxcp.runtime} shim calls, conversion of values both ways, the file-system sandbox, timeouts, and the
 * mapping of guest failures to endpoint errors. Language specifics live in one {@link
 * dev.mxcp.host.polyglot.GuestLanguage} implementation per language; everything else is shared.
 */
package dev.mxcp.host.polyglot;

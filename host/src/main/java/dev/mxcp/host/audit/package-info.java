/**
 * MXCP's audit log: one JSONL record per served call in MXCP's {@code mxcp.endpoints} v2 record schema, values
 * of {@code sensitive} parameters and fields redacted, written by one background thread to size-rotated
 * segment files ({@link dev.mxcp.host.audit.AuditLog}); read back through DuckDB for {@code mxcp log} and
 * pruned by {@code mxcp log-cleanup} ({@link dev.mxcp.host.audit.AuditFiles}). Imports {@code endpoint},
 * {@code config}, {@code json} and {@code base}.
 */
package dev.mxcp.host.audit;

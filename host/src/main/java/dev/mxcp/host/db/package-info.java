/**
 * DuckDB, owned by the host: {@link dev.mxcp.host.db.DuckDb} opens the database (file or in-memory, optionally
 * read-only), loads extensions, creates secrets and keeps a pool of connections; a leased
 * {@link dev.mxcp.host.db.DbSession} runs SQL with MXCP-style {@code $name} parameters (see
 * {@link dev.mxcp.host.db.SqlParams}) and returns {@link dev.mxcp.host.db.QueryResult}s of plain Java values.
 */
package dev.mxcp.host.db;

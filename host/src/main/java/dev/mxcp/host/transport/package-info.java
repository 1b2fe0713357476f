/**
 * MCP transports over the protocol core: Streamable HTTP as a Helidon SE service ({@link
 * dev.mxcp.host.transport.StreamableHttp}: POST/GET/DELETE, JSON or SSE answers, Origin/Host checks, the
 * 2026-07-28 header rules in {@code ModernHeaders}) and stdio
 * ({@link dev.mxcp.host.transport.Stdio}). They read frames in and implement the core's senders; nothing more.
 */
package dev.mxcp.host.transport;

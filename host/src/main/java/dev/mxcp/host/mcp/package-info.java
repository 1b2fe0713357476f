/**
 * The MCP protocol core, for revisions 2024-11-05 to 2025-11-25 (sessions) and 2026-07-28 (stateless), the era
 * chosen per message by {@link dev.mxcp.host.mcp.Era}: JSON-RPC framing ({@link
 * dev.mxcp.host.mcp.JsonRpc}), wire method names ({@link dev.mxcp.host.mcp.McpMethod}), version negotiation,
 * sessions, dispatch ({@link dev.mxcp.host.mcp.McpServer}; {@code ModernHandler} for 2026-07-28), one handler
 * per feature area (lifecycle, tools, resources, prompts, completion), and the one place where failures become
 * answers ({@code Errors}). It knows no transport: transports hand it parsed messages and a
 * {@link dev.mxcp.host.mcp.ResponseStream}.
 */
package dev.mxcp.host.mcp;

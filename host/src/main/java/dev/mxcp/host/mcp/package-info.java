/**
 * The MCP protocol core, for revisions 2024-11-05 to 2025-11-25: JSON-RPC framing ({@link
 * dev.mxcp.host.mcp.JsonRpc}), wire method names ({@link dev.mxcp.host.mcp.McpMethod}), version negotiation,
 * sessions, dispatch ({@link dev.mxcp.host.mcp.McpServer}), one handler per feature area (lifecycle, tools,
 * resources, prompts, completion), and the one place where failures become answers ({@code Errors}). It knows
 * no transport: transports hand it parsed messages and a {@link dev.mxcp.host.mcp.ResponseStream}.
 */
package dev.mxcp.host.mcp;

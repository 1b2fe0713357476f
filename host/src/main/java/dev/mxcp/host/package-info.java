/**
 * The MXCP host: loads an MXCP project and runs its endpoints. {@link dev.mxcp.host.Mxcp} is the embedding
 * entry point: a project served over MCP, mounted on a Helidon SE routing, or called directly.
 */
package dev.mxcp.host;

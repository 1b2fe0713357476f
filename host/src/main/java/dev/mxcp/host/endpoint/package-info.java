/** Endpoint definitions (tools, resources, prompts) as immutable records, their loader and registry. */
package dev.mxcp.host.endpoint;

/** The endpoint engine: validates input, runs the endpoint, shapes and validates its output. */
package dev.mxcp.host.engine;

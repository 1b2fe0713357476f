/**
 * The endpoint engine, the single owner of what is served and how one call runs: the served-endpoints view
 * ({@link dev.mxcp.host.engine.ServedEndpoints}, rebuilt on each reload, which {@link
 * dev.mxcp.host.engine.EndpointWatcher} triggers while serving), and the one call path: a {@link
 * dev.mxcp.host.engine.Call} in (input converted and checked, SQL or guest code run or the prompt rendered,
 * output shaped and checked), a sealed {@link dev.mxcp.host.engine.CallResult} out.
 */
package dev.mxcp.host.engine;

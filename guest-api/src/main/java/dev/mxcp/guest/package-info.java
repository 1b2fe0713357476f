/**
 * The contract between the MXCP host and guest endpoint code: the values the host hands to guests (user
 * and request context, the client channel) and, as resources under {@code mxcp/}, the Python modules guest
 * code imports: {@code mxcp.runtime} (with its {@code runtime.pyi} stub), {@code mxcp.plugins} and the
 * parts of MXCP's SDK scripts use ({@code mxcp.sdk.auth}, {@code mxcp.sdk.executor}). Modules whose name
 * starts with an underscore are the host's side of the bridge, not API.
 */
package dev.mxcp.guest;

/**
 * The types every layer of the host shares and none of them owns: {@link dev.mxcp.host.base.MxcpException},
 * the one-line failure a user can fix. This package imports nothing of the host, so any package may use it.
 */
package dev.mxcp.host.base;

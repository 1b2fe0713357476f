/** JSON text and trees for the whole host, from one configured mapper. */
package dev.mxcp.host.json;

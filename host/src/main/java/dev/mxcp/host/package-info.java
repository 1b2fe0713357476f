/** The MXCP host: loads an MXCP project and runs its endpoints. */
package dev.mxcp.host;

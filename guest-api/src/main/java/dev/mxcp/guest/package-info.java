/**
 * The contract between the MXCP host and guest endpoint code: the values the host hands to guests
 * (user and request context) and, in later modules, the {@code mxcp.runtime} shims for Python and JS.
 */
package dev.mxcp.guest;

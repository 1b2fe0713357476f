/**
 * Authentication of HTTP callers as an OAuth 2.1 resource server (MXCP's {@code auth.mode: verifier}): bearer
 * JWTs checked against the issuer's keys, the caller they name, and the protected-resource metadata (RFC 9728)
 * clients discover the issuer by; and in issuer mode this server as its clients' authorization server, logging
 * users in at an upstream OpenID Connect provider. The transport asks it about every request and hands it the
 * OAuth endpoints' parameters; nothing here knows HTTP frameworks. Imports {@code config}, {@code json},
 * {@code base}.
 */
package dev.mxcp.host.auth;

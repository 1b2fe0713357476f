package dev.mxcp.host.auth;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.AuthConfig;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.ServerSettings;
import dev.mxcp.host.config.UserConfig;
import dev.mxcp.host.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * This server as an OAuth 2.1 resource server (MXCP's {@code auth.mode: verifier} with {@code provider: oidc}):
 * every HTTP request must carry a bearer JWT of the configured issuer, for this server, unexpired and holding
 * {@code authorization.required_scopes}. Failures deny: a missing or bad token is 401 with a
 * {@code WWW-Authenticate} challenge naming the protected-resource metadata, missing scopes are 403
 * {@code insufficient_scope}, an issuer that cannot be reached is 503; no request passes on an error.
 *
 * <p>This server's URL (the metadata's {@code resource}) is {@code transport.http.base_url}, else the scheme
 * ({@code transport.http.scheme}, default http) and the Host the request named, which the transport has
 * checked against the loopback names and {@code allowed_hosts}. Tokens must be for {@code auth.oidc.audience}
 * when set, else for that URL, with or without the MCP path.
 *
 * <p>In issuer mode ({@code auth.mode: issuer}, MXCP's default) this server is its own authorization server
 * ({@link AuthorizationServer}): the bearer tokens are the opaque ones it issued, the metadata names this
 * server's URL as the authorization server, and the scopes checked are those the upstream provider granted.
 */
public final class ResourceServer {

    /** Where the protected-resource metadata is served (RFC 9728). */
    public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

    private static final System.Logger LOG = System.getLogger(ResourceServer.class.getName());

    /** What to do with a request. */
    public sealed interface Decision {
    }

    /**
     * Let the request through, on behalf of {@code user}.
     *
     * @param subject the issuer and subject, to tie a session to the caller that opened it
     */
    public record Allowed(UserContext user, String subject) implements Decision {
    }

    /**
     * Refuse the request.
     *
     * @param status 401, 403 or 503
     * @param challenge the {@code WWW-Authenticate} value, or null
     * @param reason one line for the response body and the log
     */
    public record Denied(int status, String challenge, String reason) implements Decision {
    }

    private final OidcVerifier verifier;
    private final AuthorizationServer issuer;
    private final String baseUrl;
    private final String scheme;
    private final String audience;
    private final List<String> requiredScopes;
    private final String provider;
    private final Map<String, Object> claimMappings;
    private final MeterRegistry meters;
    /** {@code mxcp.auth.attempts_total} by status, registered on first use (not once per request). */
    private final Map<String, Counter> attempts = new java.util.concurrent.ConcurrentHashMap<>();

    ResourceServer(AuthConfig auth, UserConfig.Transport.Http http, Duration keysRateLimit, MeterRegistry meters) {
        this(auth, http, new OidcVerifier(auth.oidc().configUrl(), auth.oidc().issuer(), keysRateLimit), null, meters);
    }

    /** Issuer mode: the tokens are {@code issuer}'s own, and this server is their authorization server. */
    ResourceServer(AuthConfig auth, UserConfig.Transport.Http http, AuthorizationServer issuer, MeterRegistry meters) {
        this(auth, http, null, issuer, meters);
    }

    private ResourceServer(AuthConfig auth, UserConfig.Transport.Http http, OidcVerifier verifier,
                           AuthorizationServer issuer, MeterRegistry meters) {
        this.meters = meters;
        this.verifier = verifier;
        this.issuer = issuer;
        this.baseUrl = http.baseUrl() == null || http.baseUrl().isBlank() ? null : stripSlash(http.baseUrl().strip());
        this.scheme = http.scheme() == null ? "http" : http.scheme().toLowerCase(Locale.ROOT);
        this.requiredScopes = List.copyOf(auth.requiredScopes());
        AuthConfig.Oidc oidc = issuer == null ? auth.oidc() : null;
        this.audience = oidc == null ? null : oidc.audience();
        this.provider = issuer != null ? issuer.provider()
                : oidc.providerName() == null || oidc.providerName().isBlank() ? "oidc" : oidc.providerName();
        this.claimMappings = oidc == null || oidc.claimMappings() == null ? Map.of() : oidc.claimMappings();
    }

    /**
     * The resource server for a project served over HTTP with {@code settings}, or null when its profile has
     * no authentication. It counts its checks in {@code meters} by MXCP's {@code mxcp.auth.attempts_total}
     * (provider, status: success, no_token, invalid_token, insufficient_scope, error). The configuration has passed {@code ProjectConfig.requireSupported}, which refuses
     * anything but a well-formed OIDC verifier.
     *
     * @throws MxcpException when this server's URL cannot be known: bound to another address than loopback
     *     with neither {@code transport.http.base_url} nor {@code auth.oidc.audience} set
     */
    public static ResourceServer of(ProjectConfig config, ServerSettings settings, MeterRegistry meters) {
        AuthConfig auth = config.userProfile().auth();
        if (!auth.enabled()) {
            return null;
        }
        UserConfig.Transport.Http http = config.user().transport().http();
        boolean issuerMode = auth.mode() == AuthConfig.Mode.ISSUER;
        boolean named = (http.baseUrl() != null && !http.baseUrl().isBlank())
                || (!issuerMode && auth.oidc().audience() != null);
        // stdio has no callers to authenticate (MCP: credentials come from the environment there)
        if (!named && !loopback(settings.host()) && !settings.transport().equals(ServerSettings.STDIO)) {
            throw new MxcpException("authentication on " + settings.host() + " needs this server's URL, which"
                    + " tokens must be issued for: set transport.http.base_url (e.g. https://mcp.example.com)"
                    + (issuerMode ? "" : " or auth.oidc.audience") + " in the user configuration");
        }
        return issuerMode ? new ResourceServer(auth, http, new AuthorizationServer(auth, Clock.systemUTC()), meters)
                : new ResourceServer(auth, http, Duration.ofSeconds(30), meters);
    }

    /**
     * Checks a request's credentials.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param host the {@code Host} header (checked by the transport), or null
     * @param path the path the request was sent to, e.g. {@code /mcp}
     */
    public Decision check(String authorization, String host, String path) {
        Decision decision = decide(authorization, host, path);
        String status = switch (decision) {
            case Allowed allowed -> "success";
            case Denied denied when denied.status() == 503 -> "error";
            case Denied denied when denied.status() == 403 -> "insufficient_scope";
            case Denied denied -> bearer(authorization) == null ? "no_token" : "invalid_token";
        };
        attempts.computeIfAbsent(status, key -> Counter.builder("mxcp.auth.attempts_total")
                .description("Total authentication attempts").tags("provider", provider, "status", key)
                .register(meters)).increment();
        return decision;
    }

    private Decision decide(String authorization, String host, String path) {
        String resource = resource(host);
        String metadata = resource + METADATA_PATH;
        String token = bearer(authorization);
        if (token == null) {
            return new Denied(401, challenge(metadata, null, null), "a bearer token is required"
                    + " (Authorization: Bearer <token>)");
        }
        if (issuer != null) {
            AuthorizationServer.Caller caller = issuer.caller(token);
            if (caller == null) {
                String reason = "the token is unknown or has expired";
                LOG.log(System.Logger.Level.INFO, "bearer token refused: " + reason);
                return new Denied(401, challenge(metadata, "invalid_token", reason), reason);
            }
            Denied lacking = lacking(caller.scopes(), metadata);
            return lacking != null ? lacking : new Allowed(caller.user(), provider + " " + caller.user().userId());
        }
        OidcVerifier.Verified verified;
        try {
            verified = verifier.verify(token, audience != null ? Set.of(audience)
                    : new LinkedHashSet<>(List.of(resource, resource + stripSlash(path))));
        } catch (OidcVerifier.Rejected e) {
            if (e.unavailable()) {
                LOG.log(System.Logger.Level.WARNING, "bearer tokens cannot be verified: " + e.getMessage());
                return new Denied(503, null, "tokens cannot be verified now: " + e.getMessage());
            }
            LOG.log(System.Logger.Level.INFO, "bearer token refused: " + e.getMessage());
            return new Denied(401, challenge(metadata, "invalid_token", e.getMessage()), e.getMessage());
        }
        TokenCaller.Granted granted = verified.derived(claims -> new TokenCaller.Granted(
                TokenCaller.of(claims, token, provider, claimMappings), TokenCaller.scopes(claims),
                verifier.issuer() + " " + claims.getSubject()));
        Denied lacking = lacking(granted.scopes(), metadata);
        return lacking != null ? lacking : new Allowed(granted.user(), granted.subject());
    }

    /** A 403 when {@code granted} lacks a required scope, else null. */
    private Denied lacking(Set<String> granted, String metadata) {
        if (granted.containsAll(requiredScopes)) {
            return null;
        }
        List<String> missing = requiredScopes.stream().filter(s -> !granted.contains(s)).toList();
        String reason = "the token lacks the scope" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing);
        LOG.log(System.Logger.Level.INFO, "bearer token refused: " + reason);
        return new Denied(403, challenge(metadata, "insufficient_scope", reason), reason);
    }

    /** In issuer mode the authorization server this server is, else null. */
    public AuthorizationServer authorizationServer() {
        return issuer;
    }

    /** The protected-resource metadata (RFC 9728) for a request that named {@code host}, as JSON. */
    public byte[] metadata(String host) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", resource(host));
        metadata.put("authorization_servers", List.of(issuer != null ? resource(host) : verifier.issuer()));
        metadata.put("scopes_supported", requiredScopes);
        metadata.put("bearer_methods_supported", List.of("header"));
        return Json.write(metadata).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** This server's URL: the configured base URL, else the scheme and the Host the request named. */
    public String resource(String host) {
        return baseUrl != null ? baseUrl : scheme + "://" + (host == null || host.isBlank() ? "localhost" : host);
    }

    /** The token of an {@code Authorization: Bearer} header (the scheme in any case), or null. */
    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return null;
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? null : token;
    }

    /** A {@code WWW-Authenticate} challenge (RFC 6750, RFC 9728 §5.1). */
    private String challenge(String metadata, String error, String description) {
        StringBuilder value = new StringBuilder("Bearer");
        String separator = " ";
        if (error != null) {
            value.append(separator).append("error=\"").append(error).append('"');
            separator = ", ";
            value.append(separator).append("error_description=\"").append(quotable(description)).append('"');
        }
        if (!requiredScopes.isEmpty()) {
            value.append(separator).append("scope=\"").append(quotable(String.join(" ", requiredScopes))).append('"');
            separator = ", ";
        }
        value.append(separator).append("resource_metadata=\"").append(quotable(metadata)).append('"');
        return value.toString();
    }

    /** RFC 6750 allows no quote or backslash, and only printable ASCII, in these values. */
    private static String quotable(String text) {
        return text.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "'");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

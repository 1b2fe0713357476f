package dev.mxcp.host.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A profile's {@code auth:} section, as MXCP's auth models: who may call the server and how they log in.
 * Read strictly so a typo in a security setting is an error, not a silently open server.
 */
public record AuthConfig(
        Mode mode,
        Provider provider,
        List<Client> clients,
        OAuthProvider github,
        OAuthProvider atlassian,
        OAuthProvider salesforce,
        OAuthProvider google,
        Keycloak keycloak,
        Oidc oidc,
        Authorization authorization,
        Persistence persistence) {

    public static final AuthConfig NONE = new AuthConfig(null, null, null, null, null, null, null, null, null, null, null);

    public AuthConfig {
        mode = mode == null ? Mode.ISSUER : mode;
        provider = provider == null ? Provider.NONE : provider;
        clients = clients == null ? List.of() : clients;
    }

    /** Issuer: MXCP is the OAuth server and proxies login upstream; verifier: it only checks bearer tokens. */
    public enum Mode {
        @JsonProperty("issuer") ISSUER,
        @JsonProperty("verifier") VERIFIER
    }

    /** The upstream identity provider. */
    public enum Provider {
        @JsonProperty("none") NONE,
        @JsonProperty("github") GITHUB,
        @JsonProperty("atlassian") ATLASSIAN,
        @JsonProperty("salesforce") SALESFORCE,
        @JsonProperty("keycloak") KEYCLOAK,
        @JsonProperty("google") GOOGLE,
        @JsonProperty("oidc") OIDC
    }

    /** A pre-registered OAuth client. */
    public record Client(
            @JsonProperty("client_id") String clientId,
            String name,
            @JsonProperty("client_secret") String clientSecret,
            @JsonProperty("redirect_uris") List<String> redirectUris,
            @JsonProperty("grant_types") List<String> grantTypes,
            List<String> scopes) {
    }

    /** GitHub, Atlassian, Salesforce or Google settings. */
    public record OAuthProvider(
            @JsonProperty("client_id") String clientId,
            @JsonProperty("client_secret") String clientSecret,
            String scope,
            @JsonProperty("callback_path") String callbackPath,
            @JsonProperty("auth_url") String authUrl,
            @JsonProperty("token_url") String tokenUrl,
            @JsonProperty("claim_mappings") Map<String, Object> claimMappings) {
    }

    /** Keycloak settings. */
    public record Keycloak(
            @JsonProperty("client_id") String clientId,
            @JsonProperty("client_secret") String clientSecret,
            String realm,
            @JsonProperty("server_url") String serverUrl,
            String scope,
            @JsonProperty("callback_path") String callbackPath,
            @JsonProperty("claim_mappings") Map<String, Object> claimMappings) {
    }

    /**
     * Generic OpenID Connect settings. In verifier mode {@code config_url} names the issuer (its discovery
     * document), {@code audience} the {@code aud} tokens must carry, {@code provider_name} the provider callers
     * are reported with and {@code claim_mappings} their capabilities; the client settings serve issuer mode.
     */
    public record Oidc(
            @JsonProperty("config_url") String configUrl,
            @JsonProperty("client_id") String clientId,
            @JsonProperty("client_secret") String clientSecret,
            String scope,
            @JsonProperty("callback_path") String callbackPath,
            String audience,
            @JsonProperty("extra_authorize_params") Map<String, String> extraAuthorizeParams,
            @JsonProperty("provider_name") String providerName,
            @JsonProperty("claim_mappings") Map<String, Object> claimMappings) {

        private static final String OIDC_DISCOVERY = "/.well-known/openid-configuration";
        private static final String OAUTH_DISCOVERY = "/.well-known/oauth-authorization-server";

        /**
         * The issuer {@code config_url} describes, which its discovery document must name: the URL before
         * {@code /.well-known/openid-configuration}, or with RFC 8414's {@code /.well-known/oauth-authorization-server}
         * taken out; null when {@code config_url} is neither.
         */
        public String issuer() {
            if (configUrl == null) {
                return null;
            }
            if (configUrl.endsWith(OIDC_DISCOVERY)) {
                return configUrl.substring(0, configUrl.length() - OIDC_DISCOVERY.length());
            }
            int at = configUrl.indexOf(OAUTH_DISCOVERY);
            int pathStart = configUrl.indexOf('/', configUrl.indexOf("://") + 3);
            return at >= 0 && at == pathStart
                    ? configUrl.substring(0, at) + configUrl.substring(at + OAUTH_DISCOVERY.length()) : null;
        }
    }

    /**
     * Why {@code url} may not be fetched for keys or discovery, or null when it may: https, or plain http to
     * this machine only (localhost, 127.x, [::1]), since keys fetched over the network in the clear could be
     * swapped.
     */
    public static String urlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "'" + url + "' is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || !(scheme.equals("https") || scheme.equals("http"))) {
            return "'" + url + "' is not an http(s) URL";
        }
        boolean local = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        return scheme.equals("http") && !local ? "'" + url + "' must use https (plain http only to this machine)" : null;
    }

    /**
     * The upstream identity provider of issuer mode as generic OIDC settings: {@code oidc} itself, or
     * {@code keycloak}, whose realm publishes its discovery document at
     * {@code <server_url>/realms/<realm>/.well-known/openid-configuration} (scope {@code openid} when unset);
     * null for other providers.
     */
    public Oidc upstream() {
        return switch (provider) {
            case OIDC -> oidc;
            case KEYCLOAK -> keycloak == null ? null : new Oidc(keycloak.serverUrl() == null ? null
                    : stripSlash(keycloak.serverUrl()) + "/realms/" + keycloak.realm() + Oidc.OIDC_DISCOVERY,
                    keycloak.clientId(), keycloak.clientSecret(), keycloak.scope() == null ? "openid" : keycloak.scope(),
                    keycloak.callbackPath(), null, null, "keycloak", keycloak.claimMappings());
            default -> null;
        };
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Why an MCP client may not be sent back to {@code uri} after login, or null when it may: an absolute
     * https URL, or plain http to this machine (localhost, 127.x, [::1]: native and command-line clients), with
     * no fragment (RFC 6749 3.1.2).
     */
    public static String redirectUriProblem(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return "'" + uri + "' is not a URL";
        }
        if (parsed.getFragment() != null || parsed.getRawUserInfo() != null) {
            return "'" + uri + "' must have no fragment and no user info";
        }
        String problem = urlProblem(uri);
        return problem == null ? null : problem.replace("(plain http only to this machine)",
                "(plain http only to localhost or 127.0.0.1)");
    }

    /** Whether callers must authenticate: any provider but none. */
    public boolean enabled() {
        return provider != Provider.NONE;
    }

    /** The required scopes, or none. */
    public List<String> requiredScopes() {
        return authorization == null || authorization.requiredScopes() == null ? List.of()
                : authorization.requiredScopes();
    }

    /** Scopes every caller must hold. */
    public record Authorization(@JsonProperty("required_scopes") List<String> requiredScopes) {
    }

    /** Where OAuth state is kept. */
    public record Persistence(String type, String path, @JsonProperty("auth_encryption_key") String authEncryptionKey) {
    }
}

package dev.mxcp.host.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
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

    /** Generic OpenID Connect settings. */
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
    }

    /** Scopes every caller must hold. */
    public record Authorization(@JsonProperty("required_scopes") List<String> requiredScopes) {
    }

    /** Where OAuth state is kept. */
    public record Persistence(String type, String path, @JsonProperty("auth_encryption_key") String authEncryptionKey) {
    }
}

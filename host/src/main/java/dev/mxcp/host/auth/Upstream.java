package dev.mxcp.host.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.mxcp.host.config.AuthConfig;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Issuer mode's upstream OpenID Connect provider, as its confidential client: its endpoints from the discovery
 * document at {@code config_url} (fetched on first use, again after a failure, and which must name the issuer
 * {@code config_url} describes), the login URL (with our own PKCE, state and nonce), the code and refresh grants
 * ({@code client_secret_post}, as MXCP), and the user's claims: those of the upstream access token when it is a
 * JWT (received straight from the token endpoint: Keycloak's roles live there), then of the ID token, verified
 * against the provider's keys with its audience, issuer, expiry and nonce, then of the userinfo endpoint, the
 * most authoritative, whose {@code sub} must be the ID token's.
 */
final class Upstream {

    private static final int SIZE_LIMIT = 512 * 1024;
    /** Connect and answer timeout: the user waits in the browser meanwhile, longer than a call would. */
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    /** Why the provider did not log the user in: {@link #unavailable} when it could not be asked. */
    static final class Failed extends Exception {
        private final boolean unavailable;

        Failed(String message, boolean unavailable) {
            super(message, null, false, false);
            this.unavailable = unavailable;
        }

        boolean unavailable() {
            return unavailable;
        }
    }

    /**
     * What the token endpoint granted.
     *
     * @param expiresIn seconds the access token lives, or null when the provider did not say
     * @param scopes the scopes granted: the answer's {@code scope}, else those asked for (RFC 6749 5.1)
     */
    record Grant(String accessToken, String refreshToken, String idToken, Long expiresIn, List<String> scopes) {
    }

    private record Endpoints(String authorization, String token, String userinfo) {
    }

    private final AuthConfig.Oidc config;
    private final OidcVerifier idTokens;
    private final HttpClient http;
    private volatile Endpoints endpoints;

    Upstream(AuthConfig.Oidc config) {
        this.config = config;
        this.idTokens = new OidcVerifier(config.configUrl(), config.issuer(), Duration.ofSeconds(30));
        this.http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The provider callers are reported with: {@code provider_name}, else oidc (keycloak for Keycloak). */
    String provider() {
        return config.providerName() == null || config.providerName().isBlank() ? "oidc" : config.providerName();
    }

    Map<String, Object> claimMappings() {
        return config.claimMappings() == null ? Map.of() : config.claimMappings();
    }

    String callbackPath() {
        return config.callbackPath();
    }

    /** Where to send the user to log in, coming back to {@code callback} with {@code state}. */
    String authorizeUrl(String callback, String state, String nonce, String codeChallenge) throws Failed {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", config.clientId());
        params.put("response_type", "code");
        params.put("redirect_uri", callback);
        params.put("scope", config.scope());
        params.put("state", state);
        params.put("nonce", nonce);
        params.put("code_challenge", codeChallenge);
        params.put("code_challenge_method", "S256");
        if (config.audience() != null) {
            params.put("audience", config.audience());
        }
        if (config.extraAuthorizeParams() != null) {
            config.extraAuthorizeParams().forEach(params::putIfAbsent);
        }
        String endpoint = endpoints().authorization();
        return endpoint + (endpoint.contains("?") ? "&" : "?") + form(params);
    }

    /** The tokens for the code the provider sent to {@code callback}. */
    Grant exchange(String code, String callback, String codeVerifier) throws Failed {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        params.put("redirect_uri", callback);
        params.put("code_verifier", codeVerifier);
        return grant(params, "code");
    }

    /** Fresh tokens for the provider's refresh token; the old refresh token stays when it names no new one. */
    Grant refresh(String refreshToken) throws Failed {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "refresh_token");
        params.put("refresh_token", refreshToken);
        Grant grant = grant(params, "refresh token");
        return grant.refreshToken() != null ? grant
                : new Grant(grant.accessToken(), refreshToken, grant.idToken(), grant.expiresIn(), grant.scopes());
    }

    /**
     * The user's claims after a grant (see the class comment).
     *
     * @param nonce the nonce the login was started with, which the ID token must carry; null on refresh
     */
    Map<String, Object> claims(Grant grant, String nonce) throws Failed {
        Map<String, Object> claims = new LinkedHashMap<>();
        try {
            JWTClaimsSet access = JWTParser.parse(grant.accessToken()).getJWTClaimsSet();
            if (access != null) { // null: an encrypted token, which only its audience can read
                claims.putAll(access.toJSONObject());
            }
        } catch (ParseException e) {
            // an opaque access token: its claims come from the ID token and userinfo
        }
        String idSubject = null;
        if (grant.idToken() != null) {
            JWTClaimsSet id;
            try {
                id = idTokens.verify(grant.idToken(), Set.of(config.clientId())).claims();
            } catch (OidcVerifier.Rejected e) {
                throw new Failed("the identity provider's ID token was refused: " + e.getMessage(), e.unavailable());
            }
            if (nonce != null && !nonce.equals(id.getClaim("nonce"))) {
                throw new Failed("the identity provider's ID token does not carry the login's nonce", false);
            }
            idSubject = id.getSubject();
            claims.putAll(id.toJSONObject());
        }
        String userinfo = endpoints().userinfo();
        if (userinfo != null) {
            JsonNode profile = send(HttpRequest.newBuilder(URI.create(userinfo))
                    .header("Authorization", "Bearer " + grant.accessToken()).header("Accept", "application/json")
                    .GET(), "userinfo");
            if (!profile.isObject() || !profile.path("sub").isTextual()) {
                throw new Failed("the identity provider's userinfo names no sub", false);
            }
            if (idSubject != null && !idSubject.equals(profile.get("sub").asText())) {
                throw new Failed("the identity provider's userinfo is about another subject than its ID token", false);
            }
            profile.properties().forEach(field -> claims.put(field.getKey(), Json.toJava(field.getValue())));
        } else if (idSubject == null) {
            throw new Failed("the identity provider returned no ID token and has no userinfo endpoint", false);
        }
        return claims;
    }

    private Grant grant(Map<String, String> params, String what) throws Failed {
        params.put("client_id", config.clientId());
        params.put("client_secret", config.clientSecret());
        if (config.audience() != null) {
            params.put("audience", config.audience());
        }
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(endpoints().token()))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))), "token endpoint (" + what + ")");
        String accessToken = answer.path("access_token").asText(null);
        if (accessToken == null || accessToken.isEmpty()) {
            throw new Failed("the identity provider's token endpoint returned no access_token", false);
        }
        List<String> scopes = answer.path("scope").isTextual()
                ? Arrays.stream(answer.get("scope").asText().split("\\s+")).filter(s -> !s.isEmpty()).toList()
                : List.of(config.scope().split("\\s+"));
        return new Grant(accessToken, answer.path("refresh_token").asText(null), answer.path("id_token").asText(null),
                answer.path("expires_in").canConvertToLong() ? answer.get("expires_in").asLong() : null, scopes);
    }

    /** The JSON a request answers; OAuth errors and other statuses in one line (never the request's secrets). */
    private JsonNode send(HttpRequest.Builder request, String what) throws Failed {
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.send(request.timeout(HTTP_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(SIZE_LIMIT);
            }
        } catch (IOException e) {
            throw new Failed("the identity provider's " + what + " could not be reached: " + e.getClass().getSimpleName(),
                    true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted while asking the identity provider's " + what, true);
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        int status = response.statusCode();
        if (status != 200) {
            String error = json == null ? null : json.path("error").asText(null);
            throw new Failed("the identity provider's " + what + " answered " + status
                    + (error == null ? "" : " " + error.replaceAll("[^\\x20-\\x7e]", "?")), status >= 500);
        }
        if (json == null || !json.isObject()) {
            throw new Failed("the identity provider's " + what + " did not answer a JSON object", false);
        }
        return json;
    }

    /** The endpoints, after discovery on first use; a failed discovery is tried again next time. */
    private Endpoints endpoints() throws Failed {
        Endpoints known = endpoints;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (endpoints == null) {
                endpoints = discover();
            }
            return endpoints;
        }
    }

    private Endpoints discover() throws Failed {
        JsonNode document = send(HttpRequest.newBuilder(URI.create(config.configUrl())).GET(),
                "discovery document at " + config.configUrl());
        String named = document.path("issuer").asText(null);
        if (!config.issuer().equals(named)) {
            throw new Failed("the discovery document at " + config.configUrl() + " names issuer " + named + ", not "
                    + config.issuer(), true);
        }
        String authorization = document.path("authorization_endpoint").asText(null);
        String token = document.path("token_endpoint").asText(null);
        String userinfo = document.path("userinfo_endpoint").asText(null);
        if (authorization == null || token == null) {
            throw new Failed("the discovery document at " + config.configUrl() + " lacks authorization_endpoint or"
                    + " token_endpoint", true);
        }
        for (String url : userinfo == null ? List.of(authorization, token) : List.of(authorization, token, userinfo)) {
            String problem = AuthConfig.urlProblem(url);
            if (problem != null) {
                throw new Failed("the discovery document at " + config.configUrl() + " cannot be used: " + problem, true);
            }
        }
        return new Endpoints(authorization, token, userinfo);
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}

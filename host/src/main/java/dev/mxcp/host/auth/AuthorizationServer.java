package dev.mxcp.host.auth;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.config.AuthConfig;
import dev.mxcp.host.json.Json;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * This server as the OAuth 2.1 authorization server of its MCP clients (MXCP's issuer mode), logging users in
 * at an upstream OpenID Connect provider ({@link Upstream}). The flow: a client registers (RFC 7591) or is
 * configured ({@code auth.clients}); {@link #authorize} checks its request (redirect URI exactly as registered,
 * PKCE S256 required, resource indicator of this server) and sends the user upstream with our own state, nonce and
 * PKCE; {@link #callback} takes the provider's code, builds the user from the verified claims and sends the user
 * back to the client with our own code; {@link #token} exchanges that code (once, within 5 minutes, with the
 * code verifier) for an opaque access token and a refresh token (a code presented again revokes them), and
 * refreshes them (the provider's tokens too, rotating our refresh token). The provider's access token is the
 * user's external token.
 *
 * <p>Everything lives in memory and is lost on restart: registered clients, logins in progress, codes, tokens.
 * Tokens and codes are random 256-bit values. Every failure denies; no token, code, secret or verifier is
 * logged. Knows no HTTP framework: each method answers a {@link Reply} for the transport to send.
 */
public final class AuthorizationServer {

    private static final System.Logger LOG = System.getLogger(AuthorizationServer.class.getName());

    static final long STATE_SECONDS = 300;
    static final long CODE_SECONDS = 300;
    /** Our access tokens live as long as the provider's, or this long when it does not say. */
    static final long ACCESS_SECONDS = 3600;
    static final long REFRESH_SECONDS = 30L * 24 * 3600;
    /** Unauthenticated requests create logins and clients: past this many, more are refused. */
    static final int MAX_ENTRIES = 10_000;

    private static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token");
    private static final List<String> AUTH_METHODS = List.of("none", "client_secret_post", "client_secret_basic");
    private static final Pattern PKCE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * An answer: a redirect when {@code location} is set, else {@code body} as JSON with {@code status}.
     */
    public record Reply(int status, String location, Map<String, Object> body) {

        static Reply redirect(String location) {
            return new Reply(302, location, null);
        }

        static Reply json(int status, Map<String, Object> body) {
            return new Reply(status, null, body);
        }

        /** An RFC 6749 error answer. */
        static Reply error(int status, String error, String description) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("error_description", description);
            return new Reply(status, null, body);
        }
    }

    /** A request refused with an RFC 6749 error. */
    private static final class Refused extends Exception {
        private final int status;
        private final String error;

        Refused(int status, String error, String description) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
        }

        Reply reply() {
            return Reply.error(status, error, getMessage());
        }
    }

    /** A client: configured or registered. Without a secret it is public (PKCE alone binds its codes). */
    private record Client(String id, String secret, String name, List<String> redirectUris, List<String> grantTypes,
                          List<String> scopes) {
    }

    /** A login in progress, under our state: the client's request and what the provider must give back. */
    private record Pending(String clientId, String redirectUri, String challenge, String clientState, String resource,
                           String callback, String verifier, String nonce, long expires) {
    }

    /** A logged-in user, with what the provider granted. */
    private record Login(UserContext user, List<String> scopes, String upstreamRefresh, long expires) {
    }

    /** One of our codes, for one client and redirect URI, to be exchanged with the verifier of its challenge. */
    private record Code(String clientId, String redirectUri, String challenge, String resource, Login login,
                        long expires) {
    }

    /** What an access token (or, with its access token, a refresh token) stands for. */
    private record Grant(String clientId, Login login, String accessToken, String refreshToken, long expires) {
    }

    /** The caller an access token names, and the scopes the provider granted. */
    public record Caller(UserContext user, Set<String> scopes) {
    }

    private final Upstream upstream;
    private final Clock clock;
    private final List<String> requiredScopes;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    /** The tokens exchanged codes gave, until the codes would have expired: a code seen again revokes them. */
    private final Map<String, Grant> spent = new ConcurrentHashMap<>();
    private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();

    /** For a configuration that passed {@code ProjectConfig.requireSupported} (issuer mode, OIDC upstream). */
    AuthorizationServer(AuthConfig auth, Clock clock) {
        this.upstream = new Upstream(auth.upstream());
        this.clock = clock;
        this.requiredScopes = List.copyOf(auth.requiredScopes());
        for (AuthConfig.Client client : auth.clients()) {
            clients.put(client.clientId(), new Client(client.clientId(), client.clientSecret(), client.name(),
                    List.copyOf(client.redirectUris()), client.grantTypes() == null ? GRANT_TYPES
                    : List.copyOf(client.grantTypes()), client.scopes() == null ? List.of() : List.copyOf(client.scopes())));
        }
    }

    /** The path the provider sends users back to. */
    public String callbackPath() {
        return upstream.callbackPath();
    }

    String provider() {
        return upstream.provider();
    }

    /** The authorization server metadata (RFC 8414) of this server at {@code base} (its URL). */
    public Reply metadata(String base) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", base);
        metadata.put("authorization_endpoint", base + "/authorize");
        metadata.put("token_endpoint", base + "/token");
        metadata.put("registration_endpoint", base + "/register");
        if (!requiredScopes.isEmpty()) {
            metadata.put("scopes_supported", requiredScopes);
        }
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("grant_types_supported", GRANT_TYPES);
        metadata.put("token_endpoint_auth_methods_supported", AUTH_METHODS);
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        return Reply.json(200, metadata);
    }

    /** Dynamic client registration (RFC 7591): the body's client metadata, answered with the client's id. */
    public Reply register(byte[] body) {
        try {
            Map<String, Object> metadata;
            try {
                metadata = Json.MAPPER.readValue(body, Json.MAPPER.getTypeFactory()
                        .constructMapType(LinkedHashMap.class, String.class, Object.class));
            } catch (java.io.IOException e) {
                throw new Refused(400, "invalid_client_metadata", "the body must be a JSON object of client metadata");
            }
            List<String> redirectUris = strings(metadata, "redirect_uris", null);
            if (redirectUris == null || redirectUris.isEmpty()) {
                throw new Refused(400, "invalid_redirect_uri", "redirect_uris is required");
            }
            for (String uri : redirectUris) {
                String problem = AuthConfig.redirectUriProblem(uri);
                if (problem != null) {
                    throw new Refused(400, "invalid_redirect_uri", problem);
                }
            }
            List<String> grantTypes = strings(metadata, "grant_types", GRANT_TYPES);
            if (grantTypes.isEmpty() || !GRANT_TYPES.containsAll(grantTypes) || !grantTypes.contains("authorization_code")) {
                throw new Refused(400, "invalid_client_metadata", "grant_types must be authorization_code, optionally"
                        + " with refresh_token");
            }
            List<String> responseTypes = strings(metadata, "response_types", List.of("code"));
            if (!responseTypes.equals(List.of("code"))) {
                throw new Refused(400, "invalid_client_metadata", "response_types must be [code]");
            }
            Object method = metadata.getOrDefault("token_endpoint_auth_method", "client_secret_basic");
            if (!AUTH_METHODS.contains(method)) {
                throw new Refused(400, "invalid_client_metadata", "token_endpoint_auth_method must be one of "
                        + String.join(", ", AUTH_METHODS));
            }
            Object name = metadata.get("client_name");
            Object scope = metadata.get("scope");
            purge();
            if (clients.size() >= MAX_ENTRIES) {
                throw new Refused(503, "temporarily_unavailable", "too many clients are registered");
            }
            Client client = new Client(random(), method.equals("none") ? null : random(),
                    name instanceof String text ? text : null, redirectUris, grantTypes,
                    scope instanceof String text ? List.of(text.split("\\s+")) : List.of());
            clients.put(client.id(), client);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("client_id", client.id());
            if (client.secret() != null) {
                answer.put("client_secret", client.secret());
                answer.put("client_secret_expires_at", 0);
            }
            answer.put("client_id_issued_at", clock.instant().getEpochSecond());
            answer.put("redirect_uris", redirectUris);
            answer.put("grant_types", grantTypes);
            answer.put("response_types", responseTypes);
            answer.put("token_endpoint_auth_method", method);
            if (client.name() != null) {
                answer.put("client_name", client.name());
            }
            if (scope instanceof String text) {
                answer.put("scope", text);
            }
            return Reply.json(201, answer);
        } catch (Refused e) {
            return e.reply();
        }
    }

    /**
     * The authorization request of a client, with the request's query parameters: a redirect to the provider's
     * login, or to the client with an error; a 400 when the client or its redirect URI cannot be trusted (no
     * redirect then, RFC 6749 4.1.2.1).
     *
     * @param base this server's URL
     */
    public Reply authorize(Map<String, List<String>> query, String base) {
        Client client;
        String redirectUri;
        try {
            String clientId = single(query, "client_id");
            client = clientId == null ? null : clients.get(clientId);
            if (client == null) {
                throw new Refused(400, "invalid_request", clientId == null ? "client_id is required"
                        : "unknown client_id (clients registered before the server restarted must register again)");
            }
            redirectUri = single(query, "redirect_uri"); // required (OAuth 2.1): the token request repeats it
            if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
                throw new Refused(400, "invalid_request", "redirect_uri " + (redirectUri == null ? "is required"
                        : "is not registered for this client"));
            }
        } catch (Refused e) {
            return e.reply();
        }
        String clientState = query.containsKey("state") ? query.get("state").getFirst() : null;
        try {
            if (!"code".equals(single(query, "response_type"))) {
                throw new Refused(0, "unsupported_response_type", "response_type must be code");
            }
            String challenge = single(query, "code_challenge");
            if (challenge == null) {
                throw new Refused(0, "invalid_request", "code_challenge is required (PKCE with S256)");
            }
            if (!"S256".equals(single(query, "code_challenge_method")) || !CHALLENGE.matcher(challenge).matches()) {
                throw new Refused(0, "invalid_request", "code_challenge_method must be S256, with a 43-character"
                        + " code_challenge");
            }
            String scope = single(query, "scope");
            if (scope != null && !client.scopes().isEmpty()) {
                for (String asked : scope.split("\\s+")) {
                    if (!asked.isEmpty() && !client.scopes().contains(asked)) {
                        throw new Refused(0, "invalid_scope", "scope " + asked + " is not registered for this client");
                    }
                }
            }
            String resource = single(query, "resource");
            if (resource != null && !ours(resource, base)) {
                throw new Refused(0, "invalid_target", "resource must be this server (" + base + ")");
            }
            purge();
            if (pending.size() >= MAX_ENTRIES) {
                throw new Refused(0, "temporarily_unavailable", "too many logins are in progress");
            }
            String state = random();
            String verifier = random();
            String nonce = random();
            String callback = base + upstream.callbackPath();
            String login = upstream.authorizeUrl(callback, state, nonce, s256(verifier));
            pending.put(state, new Pending(client.id(), redirectUri, challenge, clientState, resource, callback,
                    verifier, nonce, now() + STATE_SECONDS));
            return Reply.redirect(login);
        } catch (Refused e) {
            return Reply.redirect(back(redirectUri, "error", e.error, "error_description", e.getMessage(),
                    "state", clientState));
        } catch (Upstream.Failed e) {
            LOG.log(System.Logger.Level.WARNING, "login refused: " + e.getMessage());
            return Reply.redirect(back(redirectUri, "error", "temporarily_unavailable", "error_description",
                    "the identity provider cannot be reached", "state", clientState));
        }
    }

    /**
     * The provider sending the user back, with the callback's query parameters: a redirect to the client with
     * our code (or the provider's error); a 400 when the state is unknown, used or expired.
     */
    public Reply callback(Map<String, List<String>> query) {
        String state;
        try {
            state = single(query, "state");
        } catch (Refused e) {
            return e.reply();
        }
        Pending login = state == null ? null : pending.remove(state);
        if (login == null || login.expires() < now()) {
            return Reply.error(400, "invalid_request", "the login's state is unknown, used or expired: start again");
        }
        String redirect = login.redirectUri();
        if (query.containsKey("error")) {
            String error = query.get("error").getFirst();
            LOG.log(System.Logger.Level.INFO, "login refused by the identity provider: "
                    + error.replaceAll("[^\\x20-\\x7e]", "?"));
            return Reply.redirect(back(redirect, "error", "access_denied", "error_description",
                    "the identity provider refused the login", "state", login.clientState()));
        }
        try {
            String code = single(query, "code");
            if (code == null) {
                throw new Upstream.Failed("the identity provider sent no code", false);
            }
            Upstream.Grant grant = upstream.exchange(code, login.callback(), login.verifier());
            Map<String, Object> claims = upstream.claims(grant, login.nonce());
            Login user = login(grant, claims);
            String ours = random();
            codes.put(ours, new Code(login.clientId(), redirect, login.challenge(), login.resource(), user,
                    now() + CODE_SECONDS));
            return Reply.redirect(back(redirect, "code", ours, "state", login.clientState()));
        } catch (Refused | Upstream.Failed e) {
            LOG.log(System.Logger.Level.WARNING, "login failed: " + e.getMessage());
            boolean unavailable = e instanceof Upstream.Failed failed && failed.unavailable();
            return Reply.redirect(back(redirect, "error", unavailable ? "temporarily_unavailable" : "server_error",
                    "error_description", "the login at the identity provider failed", "state", login.clientState()));
        }
    }

    /**
     * The token request of a client: its form parameters and {@code Authorization} header (or null).
     */
    public Reply token(Map<String, List<String>> form, String authorization) {
        try {
            Client client = authenticate(form, authorization);
            String grantType = single(form, "grant_type");
            if (grantType == null) {
                throw new Refused(400, "invalid_request", "grant_type is required");
            }
            if (!GRANT_TYPES.contains(grantType)) {
                throw new Refused(400, "unsupported_grant_type", "grant_type must be authorization_code or"
                        + " refresh_token");
            }
            if (!client.grantTypes().contains(grantType)) {
                throw new Refused(400, "unauthorized_client", "this client may not use grant_type " + grantType);
            }
            purge();
            return grantType.equals("authorization_code") ? exchange(client, form) : refresh(client, form);
        } catch (Refused e) {
            return e.reply();
        }
    }

    /** The caller of a live access token, or null. */
    public Caller caller(String accessToken) {
        Grant grant = accessTokens.get(accessToken);
        if (grant == null || grant.expires() < now()) {
            return null;
        }
        return new Caller(grant.login().user(), new LinkedHashSet<>(grant.login().scopes()));
    }

    private Reply exchange(Client client, Map<String, List<String>> form) throws Refused {
        String codeValue = single(form, "code");
        String verifier = single(form, "code_verifier");
        String redirectUri = single(form, "redirect_uri");
        if (codeValue == null || verifier == null) {
            throw new Refused(400, "invalid_request", "code and code_verifier are required");
        }
        Code code = codes.remove(codeValue); // once, even when what follows refuses it
        Grant issued = code == null ? spent.remove(codeValue) : null;
        if (issued != null) { // a stolen code, or a stolen answer: revoke what it gave (RFC 6749 4.1.2)
            LOG.log(System.Logger.Level.WARNING, "a used code was presented again: the tokens it gave are revoked");
            accessTokens.remove(issued.accessToken());
            if (issued.refreshToken() != null) {
                refreshTokens.remove(issued.refreshToken());
            }
        }
        if (code == null || code.expires() < now()) {
            throw new Refused(400, "invalid_grant", "the code is unknown, used or expired");
        }
        if (!code.clientId().equals(client.id())) {
            throw new Refused(400, "invalid_grant", "the code was issued to another client");
        }
        if (!code.redirectUri().equals(redirectUri)) {
            throw new Refused(400, "invalid_grant", "redirect_uri is not the one the code was issued for");
        }
        if (!PKCE.matcher(verifier).matches() || !MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
                code.challenge().getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused(400, "invalid_grant", "code_verifier does not match the code_challenge");
        }
        String resource = single(form, "resource");
        if (resource != null && code.resource() != null && !resource.equals(code.resource())) {
            throw new Refused(400, "invalid_target", "resource is not the one the code was issued for");
        }
        Grant grant = issue(client, code.login());
        spent.put(codeValue, new Grant(client.id(), code.login(), grant.accessToken(), grant.refreshToken(),
                code.expires()));
        return answer(grant);
    }

    private Reply refresh(Client client, Map<String, List<String>> form) throws Refused {
        String token = single(form, "refresh_token");
        if (token == null) {
            throw new Refused(400, "invalid_request", "refresh_token is required");
        }
        Grant grant = refreshTokens.remove(token); // rotated: usable once
        if (grant == null || grant.expires() < now()) {
            throw new Refused(400, "invalid_grant", "the refresh token is unknown, used or expired");
        }
        if (!grant.clientId().equals(client.id())) {
            refreshTokens.put(token, grant);
            throw new Refused(400, "invalid_grant", "the refresh token was issued to another client");
        }
        Login before = grant.login();
        if (before.upstreamRefresh() == null) {
            accessTokens.remove(grant.accessToken());
            throw new Refused(400, "invalid_grant", "the identity provider gave no refresh token: log in again");
        }
        try {
            Upstream.Grant fresh = upstream.refresh(before.upstreamRefresh());
            Map<String, Object> claims = upstream.claims(fresh, null);
            if (!before.user().userId().equals(claims.get("sub"))) {
                throw new Upstream.Failed("the identity provider refreshed another subject's tokens", false);
            }
            accessTokens.remove(grant.accessToken());
            return answer(issue(client, login(fresh, claims)));
        } catch (Upstream.Failed e) {
            LOG.log(System.Logger.Level.WARNING, "refresh failed: " + e.getMessage());
            if (e.unavailable()) { // the provider may be back soon: the tokens stay usable
                refreshTokens.put(token, grant);
                throw new Refused(503, "temporarily_unavailable", "the identity provider cannot be reached");
            }
            accessTokens.remove(grant.accessToken());
            throw new Refused(400, "invalid_grant", "the identity provider refused to refresh the login: log in again");
        }
    }

    /** New tokens for a login: an access token, and a refresh token when the client may refresh. */
    private Grant issue(Client client, Login login) {
        String access = random();
        String refresh = client.grantTypes().contains("refresh_token") ? random() : null;
        Grant grant = new Grant(client.id(), login, access, refresh, login.expires());
        accessTokens.put(access, grant);
        if (refresh != null) {
            refreshTokens.put(refresh, new Grant(client.id(), login, access, refresh, now() + REFRESH_SECONDS));
        }
        return grant;
    }

    /** The token response (RFC 6749 5.1) for an access grant. */
    private Reply answer(Grant grant) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", grant.accessToken());
        answer.put("token_type", "Bearer");
        answer.put("expires_in", Math.max(0, grant.expires() - now()));
        if (grant.refreshToken() != null) {
            answer.put("refresh_token", grant.refreshToken());
        }
        answer.put("scope", String.join(" ", grant.login().scopes()));
        return Reply.json(200, answer);
    }

    private Login login(Upstream.Grant grant, Map<String, Object> claims) throws Refused {
        if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) {
            throw new Refused(400, "invalid_grant", "the identity provider named no subject");
        }
        long lifetime = grant.expiresIn() == null || grant.expiresIn() <= 0 ? ACCESS_SECONDS : grant.expiresIn();
        return new Login(TokenCaller.of(claims, grant.accessToken(), upstream.provider(), upstream.claimMappings()),
                grant.scopes(), grant.refreshToken(), now() + lifetime);
    }

    /**
     * The client of a token request: {@code client_id} (and {@code client_secret}) in the form, or HTTP Basic
     * (RFC 6749 2.3.1); a client with a secret must present it.
     */
    private Client authenticate(Map<String, List<String>> form, String authorization) throws Refused {
        String id = single(form, "client_id");
        String secret = single(form, "client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Refused(401, "invalid_client", "the Basic credentials are not base64");
            }
            int colon = decoded.indexOf(':');
            String basicId = URLDecoder.decode(colon < 0 ? decoded : decoded.substring(0, colon), StandardCharsets.UTF_8);
            if (id != null && !id.equals(basicId)) {
                throw new Refused(400, "invalid_request", "client_id differs from the Basic credentials'");
            }
            id = basicId;
            secret = colon < 0 ? null : URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        Client client = id == null ? null : clients.get(id);
        if (client == null) {
            throw new Refused(401, "invalid_client", id == null ? "client_id is required" : "unknown client_id");
        }
        if (client.secret() != null && (secret == null || !MessageDigest.isEqual(
                secret.getBytes(StandardCharsets.UTF_8), client.secret().getBytes(StandardCharsets.UTF_8)))) {
            throw new Refused(401, "invalid_client", "the client's secret is missing or wrong");
        }
        return client;
    }

    /** Whether {@code resource} names this server: its URL, or a path of it (the MCP endpoint). */
    private static boolean ours(String resource, String base) {
        return resource.equals(base) || resource.equals(base + "/") || resource.startsWith(base + "/");
    }

    /** The one value of a parameter, or null; a repeated one is refused (RFC 6749 3.1). */
    private static String single(Map<String, List<String>> params, String name) throws Refused {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new Refused(400, "invalid_request", name + " is repeated");
        }
        return values.getFirst().isEmpty() ? null : values.getFirst();
    }

    private static List<String> strings(Map<String, Object> metadata, String key, List<String> absent) throws Refused {
        Object value = metadata.get(key);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(item -> item instanceof String)) {
            throw new Refused(400, key.equals("redirect_uris") ? "invalid_redirect_uri" : "invalid_client_metadata",
                    key + " must be a list of strings");
        }
        List<String> strings = new ArrayList<>();
        list.forEach(item -> strings.add((String) item));
        return List.copyOf(strings);
    }

    /** {@code uri} with these parameters (name, value pairs; null values left out) added to its query. */
    private static String back(String uri, String... params) {
        StringBuilder url = new StringBuilder(uri);
        char separator = uri.contains("?") ? '&' : '?';
        for (int i = 0; i < params.length; i += 2) {
            if (params[i + 1] != null) {
                url.append(separator).append(params[i]).append('=')
                        .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return url.toString();
    }

    /** Forgets expired logins, codes and tokens. */
    private void purge() {
        long now = now();
        pending.values().removeIf(p -> p.expires() < now);
        codes.values().removeIf(c -> c.expires() < now);
        spent.values().removeIf(g -> g.expires() < now);
        accessTokens.values().removeIf(g -> g.expires() < now);
        refreshTokens.values().removeIf(g -> g.expires() < now);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** PKCE's S256: base64url(SHA-256(verifier)). */
    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.mxcp.host.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.config.AuthConfig;
import dev.mxcp.host.json.Json;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issuer mode's authorization server against a real OpenID Connect provider on 127.0.0.1 (mock-oauth2-server,
 * which logs users in without a form): the whole login, each bad request with its RFC 6749 error, and the
 * lifetimes of codes and tokens, on a clock this test moves.
 */
@Timeout(120)
class AuthorizationServerTest {

    static final String BASE = "http://127.0.0.1:8000";
    static final String REDIRECT = "http://127.0.0.1:7777/callback";
    static final String VERIFIER = "a-code-verifier-of-the-mcp-client-long-enough-0123456789";

    MockOAuth2Server idp;
    AuthorizationServer server;
    MovableClock clock = new MovableClock();
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** The system clock, moved forward by the test. */
    static final class MovableClock extends Clock {
        Duration offset = Duration.ZERO;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @BeforeEach
    void start() throws Exception {
        idp = new MockOAuth2Server();
        idp.start(InetAddress.getByName("127.0.0.1"), 0);
        idp.issueToken("default", "warm-up", new DefaultOAuth2TokenCallback()); // its keys, made on first use
        server = new AuthorizationServer(config(List.of()), clock);
    }

    @AfterEach
    void stop() {
        idp.shutdown();
    }

    AuthConfig config(List<AuthConfig.Client> clients) {
        return new AuthConfig(AuthConfig.Mode.ISSUER, AuthConfig.Provider.OIDC, clients, null, null, null, null, null,
                new AuthConfig.Oidc(idp.wellKnownUrl("default").toString(), "mxcp-server", "upstream-secret",
                        "openid profile email", "/oidc/callback", null, null, "test-idp",
                        Map.of("roles", Map.of("admin", List.of("user.manage")))),
                new AuthConfig.Authorization(List.of("profile")), null);
    }

    /** The next login at the provider is alice's, with a one-hour access token. */
    void alice() {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice-id", "JWT", List.of("mxcp-server"),
                Map.of("preferred_username", "alice", "email", "alice@example.com", "roles", List.of("admin")), 3600));
    }

    static Map<String, List<String>> params(String... pairs) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return params;
    }

    static Map<String, List<String>> queryOf(String url) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            params.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    k -> new ArrayList<>()).add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    static String first(Map<String, List<String>> params, String name) {
        return params.containsKey(name) ? params.get(name).getFirst() : null;
    }

    String register(String... extra) {
        StringBuilder body = new StringBuilder("{\"redirect_uris\":[\"" + REDIRECT + "\"],"
                + "\"token_endpoint_auth_method\":\"none\"");
        for (int i = 0; i < extra.length; i += 2) {
            body.append(",\"").append(extra[i]).append("\":").append(extra[i + 1]);
        }
        AuthorizationServer.Reply reply = server.register(body.append('}').toString().getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        return (String) reply.body().get("client_id");
    }

    /** Follows the redirect to the provider, which logs the user in and sends them to our callback. */
    String loginAtProvider(String location) throws Exception {
        assertThat(location).startsWith(idp.authorizationEndpointUrl("default").toString());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        String callback = response.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(BASE + "/oidc/callback?");
        return callback;
    }

    /** Authorize and log in as alice: the redirect to the client, with our code. */
    String codeFor(String clientId, String state) throws Exception {
        alice();
        AuthorizationServer.Reply authorize = server.authorize(params("client_id", clientId, "redirect_uri", REDIRECT,
                "response_type", "code", "code_challenge", AuthorizationServer.s256(VERIFIER),
                "code_challenge_method", "S256", "state", state, "resource", BASE + "/mcp"), BASE);
        assertThat(authorize.status()).as(String.valueOf(authorize.body())).isEqualTo(302);
        AuthorizationServer.Reply back = server.callback(queryOf(loginAtProvider(authorize.location())));
        assertThat(back.location()).as(String.valueOf(back.body())).startsWith(REDIRECT + "?code=");
        Map<String, List<String>> query = queryOf(back.location());
        assertThat(first(query, "state")).isEqualTo(state);
        return first(query, "code");
    }

    AuthorizationServer.Reply exchange(String clientId, String code, String verifier) {
        return server.token(params("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "code_verifier", verifier, "redirect_uri", REDIRECT), null);
    }

    static void refused(AuthorizationServer.Reply reply, int status, String error, String description) {
        assertThat(reply.location()).isNull();
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(status);
        assertThat(reply.body()).containsEntry("error", error).containsEntry("error_description", description);
    }

    @Test
    void aLoginAtTheProviderGivesTheClientTokensForTheUserWithTheProvidersTokenAsExternalToken() throws Exception {
        String client = register("client_name", "\"Test client\"");
        AuthorizationServer.Reply tokens = exchange(client, codeFor(client, "client-state"), VERIFIER);
        assertThat(tokens.status()).as(String.valueOf(tokens.body())).isEqualTo(200);
        assertThat(tokens.body()).containsEntry("token_type", "Bearer").containsEntry("scope", "openid profile email")
                .containsKeys("access_token", "refresh_token", "expires_in");
        assertThat(((Number) tokens.body().get("expires_in")).longValue()).isBetween(3590L, 3600L);
        AuthorizationServer.Caller caller = server.caller((String) tokens.body().get("access_token"));
        assertThat(caller.user().userId()).isEqualTo("alice-id");
        assertThat(caller.user().username()).isEqualTo("alice");
        assertThat(caller.user().email()).isEqualTo("alice@example.com");
        assertThat(caller.user().provider()).isEqualTo("test-idp");
        assertThat(caller.user().capabilities()).containsExactly("user.manage");
        assertThat(caller.scopes()).contains("profile");
        // the provider's own token, which its userinfo endpoint takes
        String external = caller.user().externalToken();
        HttpResponse<String> userinfo = http.send(HttpRequest.newBuilder(idp.userInfoUrl("default").uri())
                .header("Authorization", "Bearer " + external).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.parse(userinfo.body()).path("sub").asText()).isEqualTo("alice-id");

        // refresh: new tokens, the old ones stop working, the refresh token is rotated
        String refresh = (String) tokens.body().get("refresh_token");
        AuthorizationServer.Reply refreshed = server.token(params("grant_type", "refresh_token", "client_id", client,
                "refresh_token", refresh), null);
        assertThat(refreshed.status()).as(String.valueOf(refreshed.body())).isEqualTo(200);
        assertThat(refreshed.body().get("refresh_token")).isNotEqualTo(refresh);
        assertThat(server.caller((String) tokens.body().get("access_token"))).isNull();
        assertThat(server.caller((String) refreshed.body().get("access_token")).user().userId()).isEqualTo("alice-id");
        refused(server.token(params("grant_type", "refresh_token", "client_id", client, "refresh_token", refresh), null),
                400, "invalid_grant", "the refresh token is unknown, used or expired");
    }

    @Test
    void aKeycloakRealmIsAnOidcProviderFoundByItsRealmsDiscoveryDocument() throws Exception {
        String serverUrl = "http://localhost:" + idp.url("/").port();
        server = new AuthorizationServer(new AuthConfig(AuthConfig.Mode.ISSUER, AuthConfig.Provider.KEYCLOAK, List.of(),
                null, null, null, null, new AuthConfig.Keycloak("mxcp-server", "upstream-secret", "demo", serverUrl + "/",
                null, "/kc/callback", null), null, null, null), clock);
        idp.enqueueCallback(new DefaultOAuth2TokenCallback("realms/demo", "kc-user", "JWT", List.of("mxcp-server"),
                Map.of("preferred_username", "kc"), 3600));
        String client = register();
        AuthorizationServer.Reply authorize = server.authorize(params("client_id", client, "redirect_uri", REDIRECT,
                "response_type", "code", "code_challenge", AuthorizationServer.s256(VERIFIER),
                "code_challenge_method", "S256"), BASE);
        assertThat(authorize.location()).as(String.valueOf(authorize.body()))
                .startsWith(serverUrl + "/realms/demo/authorize?").contains("scope=openid&");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(authorize.location())).build(),
                HttpResponse.BodyHandlers.ofString());
        AuthorizationServer.Reply back = server.callback(queryOf(response.headers().firstValue("Location").orElseThrow()));
        AuthorizationServer.Reply tokens = exchange(client, first(queryOf(back.location()), "code"), VERIFIER);
        AuthorizationServer.Caller caller = server.caller((String) tokens.body().get("access_token"));
        assertThat(caller.user().username()).isEqualTo("kc");
        assertThat(caller.user().provider()).isEqualTo("keycloak");
    }

    @Test
    void codesAreSingleUseBoundToTheClientAndVerifierAndShortLived() throws Exception {
        String client = register();
        String other = register();
        refused(exchange(client, codeFor(client, "s"), "another-verifier-that-is-long-enough-0123456789-abcdef"),
                400, "invalid_grant", "code_verifier does not match the code_challenge");
        String code = codeFor(client, "s");
        refused(exchange(other, code, VERIFIER), 400, "invalid_grant", "the code was issued to another client");
        refused(exchange(client, code, VERIFIER), 400, "invalid_grant", "the code is unknown, used or expired");
        String good = codeFor(client, "s");
        AuthorizationServer.Reply tokens = exchange(client, good, VERIFIER);
        assertThat(tokens.status()).isEqualTo(200);
        refused(exchange(client, good, VERIFIER), 400, "invalid_grant", "the code is unknown, used or expired");
        assertThat(server.caller((String) tokens.body().get("access_token"))).as("a code used twice revokes its tokens")
                .isNull();
        refused(server.token(params("grant_type", "refresh_token", "client_id", client, "refresh_token",
                (String) tokens.body().get("refresh_token")), null), 400, "invalid_grant",
                "the refresh token is unknown, used or expired");
        String late = codeFor(client, "s");
        clock.offset = Duration.ofSeconds(AuthorizationServer.CODE_SECONDS + 1);
        refused(exchange(client, late, VERIFIER), 400, "invalid_grant", "the code is unknown, used or expired");
        refused(server.token(params("grant_type", "authorization_code", "client_id", "nobody", "code", "x",
                "code_verifier", VERIFIER), null), 401, "invalid_client", "unknown client_id");
        refused(server.token(params("grant_type", "password", "client_id", client), null), 400,
                "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
    }

    @Test
    void accessTokensExpireWithTheProvidersAndUnknownOnesNameNobody() throws Exception {
        String client = register();
        AuthorizationServer.Reply tokens = exchange(client, codeFor(client, "s"), VERIFIER);
        String access = (String) tokens.body().get("access_token");
        assertThat(server.caller(access)).isNotNull();
        assertThat(server.caller(access + "x")).isNull();
        clock.offset = Duration.ofSeconds(3601);
        assertThat(server.caller(access)).isNull();
    }

    @Test
    void aLoginStateIsUsableOnceWithinItsLifetime() throws Exception {
        String client = register();
        alice();
        AuthorizationServer.Reply authorize = server.authorize(params("client_id", client, "redirect_uri", REDIRECT,
                "response_type", "code", "code_challenge", AuthorizationServer.s256(VERIFIER),
                "code_challenge_method", "S256"), BASE);
        Map<String, List<String>> callback = queryOf(loginAtProvider(authorize.location()));
        clock.offset = Duration.ofSeconds(AuthorizationServer.STATE_SECONDS + 1);
        refused(server.callback(callback), 400, "invalid_request",
                "the login's state is unknown, used or expired: start again");
        clock.offset = Duration.ZERO;
        String code = codeFor(client, "s");
        assertThat(code).isNotEmpty();
        // the provider refusing the login: back to the client with access_denied and its state
        AuthorizationServer.Reply again = server.authorize(params("client_id", client, "redirect_uri", REDIRECT,
                "response_type", "code", "code_challenge", AuthorizationServer.s256(VERIFIER),
                "code_challenge_method", "S256", "state", "mine"), BASE);
        String state = first(queryOf(again.location()), "state");
        AuthorizationServer.Reply denied = server.callback(params("state", state, "error", "access_denied"));
        assertThat(queryOf(denied.location())).containsEntry("error", List.of("access_denied"))
                .containsEntry("state", List.of("mine"));
        refused(server.callback(params("state", state, "code", "x")), 400, "invalid_request",
                "the login's state is unknown, used or expired: start again");
    }

    @Test
    void aRefreshTheProviderCannotAnswerKeepsTheTokensUsable() throws Exception {
        String client = register();
        AuthorizationServer.Reply tokens = exchange(client, codeFor(client, "s"), VERIFIER);
        idp.shutdown();
        refused(server.token(params("grant_type", "refresh_token", "client_id", client,
                "refresh_token", (String) tokens.body().get("refresh_token")), null), 503, "temporarily_unavailable",
                "the identity provider cannot be reached");
        assertThat(server.caller((String) tokens.body().get("access_token")).user().username()).isEqualTo("alice");
        clock.offset = Duration.ofSeconds(AuthorizationServer.REFRESH_SECONDS + 1);
        refused(server.token(params("grant_type", "refresh_token", "client_id", client,
                "refresh_token", (String) tokens.body().get("refresh_token")), null), 400, "invalid_grant",
                "the refresh token is unknown, used or expired");
    }

    @Test
    void badAuthorizationRequestsAreRefusedWithoutRedirectingToAnUntrustedUri() throws Exception {
        String client = register("scope", "\"mcp.read\"");
        String challenge = AuthorizationServer.s256(VERIFIER);
        refused(server.authorize(params("client_id", "nobody", "redirect_uri", REDIRECT, "response_type", "code",
                "code_challenge", challenge, "code_challenge_method", "S256"), BASE), 400, "invalid_request",
                "unknown client_id (clients registered before the server restarted must register again)");
        refused(server.authorize(params("client_id", client, "redirect_uri", "http://127.0.0.1:7777/other",
                "response_type", "code", "code_challenge", challenge, "code_challenge_method", "S256"), BASE), 400,
                "invalid_request", "redirect_uri is not registered for this client");
        // with a trusted redirect URI, errors go back to the client with its state
        AuthorizationServer.Reply noPkce = server.authorize(params("client_id", client, "redirect_uri", REDIRECT,
                "response_type", "code", "state", "st"), BASE);
        assertThat(queryOf(noPkce.location())).containsEntry("error", List.of("invalid_request"))
                .containsEntry("error_description", List.of("code_challenge is required (PKCE with S256)"))
                .containsEntry("state", List.of("st"));
        AuthorizationServer.Reply plain = server.authorize(params("client_id", client, "redirect_uri", REDIRECT,
                "response_type", "code", "code_challenge", challenge, "code_challenge_method", "plain"), BASE);
        assertThat(first(queryOf(plain.location()), "error")).isEqualTo("invalid_request");
        AuthorizationServer.Reply elsewhere = server.authorize(params("client_id", client, "redirect_uri", REDIRECT,
                "response_type", "code", "code_challenge", challenge, "code_challenge_method", "S256",
                "resource", "https://other.example.com/mcp"), BASE);
        assertThat(first(queryOf(elsewhere.location()), "error")).isEqualTo("invalid_target");
        AuthorizationServer.Reply scope = server.authorize(params("client_id", client, "redirect_uri", REDIRECT,
                "response_type", "code", "code_challenge", challenge, "code_challenge_method", "S256",
                "scope", "admin"), BASE);
        assertThat(first(queryOf(scope.location()), "error")).isEqualTo("invalid_scope");
        refused(server.callback(params("state", "forged", "code", "x")), 400, "invalid_request",
                "the login's state is unknown, used or expired: start again");
    }

    @Test
    void registrationTakesHttpsAndLoopbackRedirectUrisOnly() {
        for (String uri : List.of("http://evil.example.com/cb", "javascript:alert(1)", "https://app.example.com/cb#x")) {
            AuthorizationServer.Reply reply = server.register(("{\"redirect_uris\":[\"" + uri + "\"]}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(reply.status()).as(uri).isEqualTo(400);
            assertThat(reply.body()).as(uri).containsEntry("error", "invalid_redirect_uri");
        }
        refused(server.register("{}".getBytes(StandardCharsets.UTF_8)), 400, "invalid_redirect_uri",
                "redirect_uris is required");
        refused(server.register("[1]".getBytes(StandardCharsets.UTF_8)), 400, "invalid_client_metadata",
                "the body must be a JSON object of client metadata");
        AuthorizationServer.Reply confidential = server.register(("{\"redirect_uris\":[\"https://app.example.com/cb\"]}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(confidential.status()).isEqualTo(201);
        assertThat(confidential.body()).containsKey("client_secret")
                .containsEntry("token_endpoint_auth_method", "client_secret_basic");
        // a confidential client must present its secret
        refused(server.token(params("grant_type", "authorization_code", "client_id",
                (String) confidential.body().get("client_id"), "code", "x", "code_verifier", VERIFIER), null),
                401, "invalid_client", "the client's secret is missing or wrong");
    }

    @Test
    void aConfiguredClientLogsInWithItsSecretOverBasicAuthentication() throws Exception {
        server = new AuthorizationServer(config(List.of(new AuthConfig.Client("cli", "CLI", "s3cret",
                List.of(REDIRECT), List.of("authorization_code"), null))), clock);
        String code = codeFor("cli", "s");
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("cli:s3cret".getBytes(StandardCharsets.UTF_8));
        AuthorizationServer.Reply tokens = server.token(params("grant_type", "authorization_code", "code", code,
                "code_verifier", VERIFIER, "redirect_uri", REDIRECT), basic);
        assertThat(tokens.status()).as(String.valueOf(tokens.body())).isEqualTo(200);
        assertThat(tokens.body()).doesNotContainKey("refresh_token"); // its grant types do not include refresh_token
        JsonNode metadata = Json.toTree(server.metadata(BASE).body());
        assertThat(metadata.get("issuer").asText()).isEqualTo(BASE);
        assertThat(metadata.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    }
}

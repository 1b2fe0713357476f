package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.json.Json;
import io.helidon.webserver.WebServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issuer mode end to end over HTTP, as an MCP client meets it: a real OpenID Connect provider on 127.0.0.1
 * (mock-oauth2-server) logs the user in, a real server is the client's authorization server, a real HTTP client
 * discovers it, registers, authorizes with PKCE, follows the redirects through the provider and our callback,
 * takes the code from its redirect URI, gets tokens, calls a tool as the user and refreshes. Bad requests get
 * their RFC 6749 errors.
 */
@Timeout(180)
class IssuerFlowTest {

    static final String REDIRECT = "http://127.0.0.1:7777/callback";
    static final String VERIFIER = "the-mcp-clients-own-code-verifier-0123456789-abcdefghij";

    @TempDir
    Path dir;

    MockOAuth2Server idp;
    Mxcp mxcp;
    WebServer web;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** The user configuration of issuer mode with the provider at {@code configUrl}. */
    static String userConfig(String configUrl, String requiredScope) {
        return """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        auth:
                          provider: oidc
                          oidc:
                            config_url: %s
                            client_id: mxcp-server
                            client_secret: upstream-secret
                            scope: openid profile email
                            callback_path: /oidc/callback
                            provider_name: test-idp
                            claim_mappings:
                              roles: {admin: [user.manage]}
                          authorization:
                            required_scopes: [%s]
                """.formatted(configUrl, requiredScope);
    }

    @BeforeEach
    void start() throws Exception {
        idp = new MockOAuth2Server();
        idp.start(InetAddress.getByName("127.0.0.1"), 0);
        idp.issueToken("default", "warm-up", new DefaultOAuth2TokenCallback()); // its keys, made on first use
        serve("profile");
    }

    void serve(String requiredScope) {
        Path project = TestProject.write(dir.resolve("project"));
        Fixtures.write(project, "tools/whoami.yml", """
                mxcp: 1
                tool:
                  name: whoami
                  description: The caller as SQL sees it
                  return: {type: object}
                  source:
                    code: >
                      SELECT get_username() AS username, get_user_email() AS email, get_user_provider() AS provider,
                             get_user_external_token() AS external_token
                """);
        Path config = Fixtures.write(dir, "config.yml", userConfig(idp.wellKnownUrl("default").toString(), requiredScope));
        mxcp = Mxcp.builder().project(project)
                .environment(Fixtures.env(dir.resolve("home"), "MXCP_CONFIG", config.toString())).build();
        web = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> mxcp.mount(r, "/mcp")).build().start();
    }

    @AfterEach
    void stop() {
        web.stop();
        mxcp.close();
        idp.shutdown();
    }

    String base() {
        return "http://127.0.0.1:" + web.port();
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> token(Map<String, String> form) throws Exception {
        return post(base() + "/token", "application/x-www-form-urlencoded", form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    /** Dynamic client registration of a public client redirected to {@link #REDIRECT}: its client_id. */
    String register() throws Exception {
        HttpResponse<String> registered = post(base() + "/register", "application/json",
                "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\","
                        + "\"client_name\":\"IssuerFlowTest\",\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return Json.parse(registered.body()).get("client_id").asText();
    }

    /** Authorize as alice, following the redirects through the provider and our callback: our code. */
    String login(String clientId) throws Exception {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice-id", "JWT", List.of("mxcp-server"),
                Map.of("preferred_username", "alice", "email", "alice@example.com", "roles", List.of("admin")), 3600));
        HttpResponse<String> authorize = get(base() + "/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + "&code_challenge="
                + s256(VERIFIER) + "&code_challenge_method=S256&state=client-state&resource="
                + URLEncoder.encode(base() + "/mcp", StandardCharsets.UTF_8));
        assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
        String atProvider = authorize.headers().firstValue("Location").orElseThrow();
        assertThat(atProvider).startsWith(idp.authorizationEndpointUrl("default").toString());
        assertThat(query(atProvider)).containsEntry("client_id", "mxcp-server").containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", base() + "/oidc/callback").doesNotContainValue("client-state");
        HttpResponse<String> provider = get(atProvider);
        assertThat(provider.statusCode()).isEqualTo(302);
        HttpResponse<String> callback = get(provider.headers().firstValue("Location").orElseThrow());
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
        String back = callback.headers().firstValue("Location").orElseThrow();
        assertThat(back).startsWith(REDIRECT + "?");
        assertThat(query(back)).containsEntry("state", "client-state").containsKey("code");
        return query(back).get("code");
    }

    JsonNode whoami(String accessToken) {
        try (McpClient client = McpClient.http(URI.create(base() + "/mcp"))) {
            client.authorization = "Bearer " + accessToken;
            client.initialize();
            return client.result("tools/call", Map.of("name", "whoami", "arguments", Map.of())).get("structuredContent");
        }
    }

    int initializeStatus(String accessToken) {
        try (McpClient client = McpClient.http(URI.create(base() + "/mcp"))) {
            return client.exchange("POST", Fixtures.INITIALIZE, Map.of("Authorization", "Bearer " + accessToken)).status();
        }
    }

    @Test
    void anMcpClientDiscoversRegistersLogsInCallsAToolAsTheUserAndRefreshes() throws Exception {
        try (McpClient anonymous = McpClient.http(URI.create(base() + "/mcp"))) {
            McpClient.Exchange refused = anonymous.exchange("POST", Fixtures.INITIALIZE, Map.of());
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer scope=\"profile\", resource_metadata=\""
                    + base() + "/.well-known/oauth-protected-resource\"");
        }
        JsonNode resource = Json.parse(get(base() + "/.well-known/oauth-protected-resource").body());
        assertThat(resource.get("authorization_servers").get(0).asText()).isEqualTo(base());
        HttpResponse<String> metadataResponse = get(base() + "/.well-known/oauth-authorization-server");
        assertThat(metadataResponse.statusCode()).isEqualTo(200);
        JsonNode metadata = Json.parse(metadataResponse.body());
        assertThat(metadata.get("issuer").asText()).isEqualTo(base());
        assertThat(metadata.get("authorization_endpoint").asText()).isEqualTo(base() + "/authorize");
        assertThat(metadata.get("token_endpoint").asText()).isEqualTo(base() + "/token");
        assertThat(metadata.get("registration_endpoint").asText()).isEqualTo(base() + "/register");
        assertThat(metadata.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(metadata.get("grant_types_supported").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
        assertThat(metadata.get("response_types_supported").toString()).isEqualTo("[\"code\"]");

        String client = register();
        HttpResponse<String> tokens = token(form("grant_type", "authorization_code", "client_id", client,
                "code", login(client), "code_verifier", VERIFIER, "redirect_uri", REDIRECT));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode granted = Json.parse(tokens.body());
        assertThat(granted.get("token_type").asText()).isEqualTo("Bearer");
        String access = granted.get("access_token").asText();

        JsonNode me = whoami(access);
        assertThat(me.get("username").asText()).isEqualTo("alice");
        assertThat(me.get("email").asText()).isEqualTo("alice@example.com");
        assertThat(me.get("provider").asText()).isEqualTo("test-idp");
        // the external token is the provider's own access token: its userinfo endpoint takes it
        String external = me.get("external_token").asText();
        assertThat(external).isNotEqualTo(access);
        HttpResponse<String> userinfo = http.send(HttpRequest.newBuilder(idp.userInfoUrl("default").uri())
                .header("Authorization", "Bearer " + external).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.parse(userinfo.body()).get("sub").asText()).isEqualTo("alice-id");

        HttpResponse<String> refreshed = token(form("grant_type", "refresh_token", "client_id", client,
                "refresh_token", granted.get("refresh_token").asText()));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        String fresh = Json.parse(refreshed.body()).get("access_token").asText();
        assertThat(whoami(fresh).get("username").asText()).isEqualTo("alice");
        assertThat(initializeStatus(access)).as("the token refreshed away").isEqualTo(401);
        assertThat(initializeStatus(fresh + "x")).as("a tampered token").isEqualTo(401);
        HttpResponse<String> again = token(form("grant_type", "refresh_token", "client_id", client,
                "refresh_token", granted.get("refresh_token").asText()));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(Json.parse(again.body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void badRequestsGetTheirOAuthErrors() throws Exception {
        String client = register();
        String code = login(client);
        HttpResponse<String> wrongVerifier = token(form("grant_type", "authorization_code", "client_id", client,
                "code", code, "code_verifier", VERIFIER.replace('0', '1'), "redirect_uri", REDIRECT));
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(Json.parse(wrongVerifier.body()).get("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> reused = token(form("grant_type", "authorization_code", "client_id", client,
                "code", code, "code_verifier", VERIFIER, "redirect_uri", REDIRECT));
        assertThat(reused.statusCode()).as("a code is used once, even by a wrong verifier").isEqualTo(400);
        assertThat(Json.parse(reused.body()).get("error_description").asText())
                .isEqualTo("the code is unknown, used or expired");
        HttpResponse<String> unknown = token(form("grant_type", "authorization_code", "client_id", "nobody",
                "code", "x", "code_verifier", VERIFIER));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(Json.parse(unknown.body()).get("error").asText()).isEqualTo("invalid_client");
        HttpResponse<String> elsewhere = get(base() + "/authorize?response_type=code&client_id=" + client
                + "&redirect_uri=" + URLEncoder.encode("https://evil.example.com/cb", StandardCharsets.UTF_8)
                + "&code_challenge=" + s256(VERIFIER) + "&code_challenge_method=S256");
        assertThat(elsewhere.statusCode()).as("no redirect to an unregistered URI").isEqualTo(400);
        assertThat(elsewhere.headers().firstValue("Location")).isEmpty();
        assertThat(Json.parse(elsewhere.body()).get("error").asText()).isEqualTo("invalid_request");
        HttpResponse<String> badRegistration = post(base() + "/register", "application/json",
                "{\"redirect_uris\":[\"http://evil.example.com/cb\"]}");
        assertThat(badRegistration.statusCode()).isEqualTo(400);
        assertThat(Json.parse(badRegistration.body()).get("error").asText()).isEqualTo("invalid_redirect_uri");
        // the issuer and callback URLs come from the Host header: a rebinding name is refused as for MCP
        assertThat(Fixtures.post(web.port(), "/register", "rebind.example.net", null,
                "{\"redirect_uris\":[\"" + REDIRECT + "\"]}")).isEqualTo(403);
        HttpResponse<String> forged = get(base() + "/oidc/callback?code=x&state=forged");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void aRequiredScopeTheProviderDidNotGrantIs403() throws Exception {
        web.stop();
        mxcp.close();
        serve("mcp.admin");
        String client = register();
        HttpResponse<String> tokens = token(form("grant_type", "authorization_code", "client_id", client,
                "code", login(client), "code_verifier", VERIFIER, "redirect_uri", REDIRECT));
        assertThat(initializeStatus(Json.parse(tokens.body()).get("access_token").asText())).isEqualTo(403);
    }
}

package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.json.Json;
import io.helidon.webserver.WebServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auth.mode: verifier} end to end: a real OpenID Connect issuer on 127.0.0.1 (mock-oauth2-server)
 * issues the tokens, a real server checks them, a real HTTP client sends them. The token's caller reaches
 * SQL, Python and JavaScript endpoints and policies; every bad token is refused with 401 and its reason.
 */
@Timeout(180)
class BearerAuthTest {

    static final String ISSUER = "default";

    static MockOAuth2Server issuer;

    @TempDir
    Path dir;

    Path project;
    Mxcp mxcp;
    WebServer web;

    @BeforeAll
    static void startIssuer() throws Exception {
        issuer = new MockOAuth2Server();
        issuer.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterAll
    static void stopIssuer() {
        issuer.shutdown();
    }

    /** The user configuration of an OIDC verifier for the mock issuer. */
    static String userConfig(String configUrl) {
        return """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        auth:
                          provider: oidc
                          mode: verifier
                          oidc:
                            config_url: %s
                            client_id: mxcp-server
                            provider_name: test-idp
                            claim_mappings:
                              roles: {admin: [user.manage]}
                          authorization:
                            required_scopes: [mcp.read]
                """.formatted(configUrl);
    }

    @BeforeEach
    void serve() {
        project = TestProject.write(dir.resolve("project"));
        Fixtures.write(project, "tools/whoami.yml", """
                mxcp: 1
                tool:
                  name: whoami
                  description: The caller as SQL sees it
                  return: {type: object}
                  source:
                    code: >
                      SELECT get_username() AS username, get_user_email() AS email, get_user_provider() AS provider,
                             length(get_user_external_token()) AS token_length
                """);
        Fixtures.write(project, "tools/whoami_py.yml", """
                mxcp: 1
                tool:
                  name: whoami_py
                  description: The caller as Python sees it
                  language: python
                  return: {type: object}
                  source: {file: ../python/who.py}
                """);
        Fixtures.write(project, "python/who.py", """
                from mxcp.runtime import user
                from mxcp.sdk.auth.context import get_user_context

                def whoami_py() -> dict:
                    return {"user_id": user.user_id, "username": user.username, "provider": user.provider,
                            "capabilities": user.capabilities, "tid": user.raw_profile.get("tid"),
                            "context_capabilities": get_user_context().capabilities}
                """);
        Fixtures.write(project, "tools/whoami_js.yml", """
                mxcp: 1
                tool:
                  name: whoami_js
                  description: The caller as JavaScript sees it
                  language: javascript
                  return: {type: object}
                  source: {file: ../js/who.mjs}
                """);
        Fixtures.write(project, "js/who.mjs", """
                import { user } from "mxcp:runtime";
                export function whoami_js() {
                  return { username: user.username, email: user.email, capabilities: user.capabilities };
                }
                """);
        Fixtures.write(project, "tools/admin_only.yml", """
                mxcp: 1
                tool:
                  name: admin_only
                  description: Callers with the user.manage capability only
                  return: {type: string}
                  source: {code: "SELECT 'granted' AS x"}
                  policies:
                    input:
                      - {condition: "!('user.manage' in user.capabilities)", action: deny, reason: Admins only}
                """);
        Path config = Fixtures.write(dir, "config.yml", userConfig(issuer.wellKnownUrl(ISSUER).toString()));
        mxcp = Mxcp.builder().project(project)
                .environment(Fixtures.env(dir.resolve("home"), "MXCP_CONFIG", config.toString())).build();
        web = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> mxcp.mount(r, "/mcp")).build().start();
    }

    @AfterEach
    void stop() {
        web.stop();
        mxcp.close();
    }

    String base() {
        return "http://127.0.0.1:" + web.port();
    }

    McpClient client(String token) {
        McpClient client = McpClient.http(URI.create(base() + "/mcp"));
        client.authorization = token == null ? null : "Bearer " + token;
        return client;
    }

    /** A token of the mock issuer for {@code audience}, valid for {@code seconds} (negative: expired). */
    static String token(String subject, String audience, Map<String, Object> claims, long seconds) {
        return issuer.issueToken(ISSUER, "mcp-client", new DefaultOAuth2TokenCallback(ISSUER, subject, "JWT",
                List.of(audience), claims, seconds)).serialize();
    }

    String goodToken(String subject, Map<String, Object> claims) {
        return token(subject, base(), claims, 300);
    }

    static final Map<String, Object> ALICE = Map.of("preferred_username", "alice", "email", "alice@example.com",
            "scope", "openid mcp.read", "roles", List.of("admin"), "tid", "tenant-1");

    JsonNode call(McpClient client, String tool) {
        return client.result("tools/call", Map.of("name", tool, "arguments", Map.of()));
    }

    @Test
    void aTokenOfTheIssuerIsAcceptedAndItsCallerReachesSqlPythonJavaScriptAndPolicies() {
        String token = goodToken("alice-id", ALICE);
        try (McpClient client = client(token)) {
            client.initialize();
            JsonNode sql = call(client, "whoami").get("structuredContent");
            assertThat(sql.get("username").asText()).isEqualTo("alice");
            assertThat(sql.get("email").asText()).isEqualTo("alice@example.com");
            assertThat(sql.get("provider").asText()).isEqualTo("test-idp");
            assertThat(sql.get("token_length").asInt()).isEqualTo(token.length());
            JsonNode python = call(client, "whoami_py").get("structuredContent");
            assertThat(python.get("user_id").asText()).isEqualTo("alice-id");
            assertThat(python.get("username").asText()).isEqualTo("alice");
            assertThat(python.get("tid").asText()).isEqualTo("tenant-1");
            assertThat(Json.MAPPER.convertValue(python.get("capabilities"), List.class)).containsExactly("user.manage");
            assertThat(Json.MAPPER.convertValue(python.get("context_capabilities"), List.class))
                    .containsExactly("user.manage");
            JsonNode js = call(client, "whoami_js").get("structuredContent");
            assertThat(js.get("email").asText()).isEqualTo("alice@example.com");
            assertThat(Json.MAPPER.convertValue(js.get("capabilities"), List.class)).containsExactly("user.manage");
            JsonNode granted = call(client, "admin_only");
            assertThat(granted.path("isError").asBoolean()).isFalse();
            assertThat(granted.at("/content/0/text").asText()).isEqualTo("granted");
        }
        try (McpClient bob = client(goodToken("bob-id", Map.of("email", "bob@example.com", "scope", "mcp.read")))) {
            bob.initialize();
            assertThat(call(bob, "whoami").at("/structuredContent/username").asText()).isEqualTo("bob");
            JsonNode refused = call(bob, "admin_only");
            assertThat(refused.get("isError").asBoolean()).isTrue();
            assertThat(refused.at("/content/0/text").asText()).isEqualTo("Policy enforcement failed: Admins only");
        }
    }

    @Test
    void noTokenIs401WithAChallengeNamingTheMetadataWhichNamesTheIssuer() throws Exception {
        try (McpClient client = client(null)) {
            McpClient.Exchange exchange = client.exchange("POST", Fixtures.INITIALIZE, Map.of());
            assertThat(exchange.status()).isEqualTo(401);
            assertThat(exchange.header("WWW-Authenticate")).isEqualTo("Bearer scope=\"mcp.read\", resource_metadata=\""
                    + base() + "/.well-known/oauth-protected-resource\"");
            assertThat(exchange.messages().getFirst().at("/error/message").asText())
                    .isEqualTo("Unauthorized: a bearer token is required (Authorization: Bearer <token>)");
            assertThat(client.exchange("POST", Fixtures.INITIALIZE, Map.of("Authorization", "Basic YTpi")).status())
                    .isEqualTo(401);
        }
        HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base() + "/.well-known/oauth-protected-resource")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(Json.parse(metadata.body())).isEqualTo(Json.MAPPER.valueToTree(Map.of(
                "resource", base(),
                "authorization_servers", List.of(issuer.issuerUrl(ISSUER).toString()),
                "scopes_supported", List.of("mcp.read"),
                "bearer_methods_supported", List.of("header"))));
    }

    /** One bad token: a 401 whose challenge and message give the reason. */
    void refused(String token, String reason) {
        try (McpClient client = client(token)) {
            McpClient.Exchange exchange = client.exchange("POST", Fixtures.INITIALIZE, Map.of());
            assertThat(exchange.status()).as(reason).isEqualTo(401);
            assertThat(exchange.header("WWW-Authenticate")).as(reason).isEqualTo("Bearer error=\"invalid_token\","
                    + " error_description=\"" + reason + "\", scope=\"mcp.read\", resource_metadata=\"" + base()
                    + "/.well-known/oauth-protected-resource\"");
            assertThat(exchange.messages().getFirst().at("/error/message").asText()).isEqualTo("Unauthorized: " + reason);
            assertThat(exchange.header("Mcp-Session-Id")).isNull();
        }
    }

    @Test
    void expiredForAnotherAudienceOrNotYetValidTokensAreRefused() {
        refused(token("alice-id", base(), ALICE, -3600), "the token has expired");
        refused(token("alice-id", "https://other.example.com", ALICE, 300), "the token is for another audience");
        refused(token("alice-id", base() + "/other", ALICE, 300), "the token is for another audience");
        Map<String, Object> later = new java.util.HashMap<>(ALICE);
        later.put("nbf", Instant.now().plusSeconds(3600).getEpochSecond());
        refused(token("alice-id", base(), later, 7200), "the token is not valid yet (nbf)");
    }

    @Test
    void theMcpPathAsAudienceIsThisServerToo() {
        try (McpClient client = client(token("alice-id", base() + "/mcp", ALICE, 300))) {
            client.initialize();
            assertThat(call(client, "whoami").at("/structuredContent/username").asText()).isEqualTo("alice");
        }
    }

    @Test
    void forgedTamperedAndUnsignedTokensAreRefused() throws Exception {
        String good = goodToken("alice-id", ALICE);
        SignedJWT parsed = SignedJWT.parse(good);
        JWTClaimsSet claims = new JWTClaimsSet.Builder(parsed.getJWTClaimsSet()).subject("mallory").build();

        // signed by another key that claims the issuer's key id
        RSAKey other = new RSAKeyGenerator(2048).keyID(parsed.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(other.getKeyID()).build(), claims);
        forged.sign(new RSASSASigner(other));
        refused(forged.serialize(), "the token's signature does not verify with the issuer's keys");

        // and by a key the issuer never had
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown-key").generate();
        SignedJWT stranger = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("unknown-key").build(), claims);
        stranger.sign(new RSASSASigner(unknown));
        refused(stranger.serialize(), "the token's signature does not verify with the issuer's keys");

        // the issuer's signature over other claims
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        refused(tampered, "the token's signature does not verify with the issuer's keys");

        refused(new PlainJWT(claims).serialize(), "unsigned tokens (alg: none) are refused");

        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        hmac.sign(new MACSigner(new byte[32]));
        refused(hmac.serialize(), "tokens signed with HS256 are refused (accepted: RS*, PS*, ES*)");

        refused("not-a-jwt", "the token is not a JWT");

        // a real token of another issuer (another key)
        String foreign = issuer.issueToken("elsewhere", "mcp-client", new DefaultOAuth2TokenCallback("elsewhere",
                "alice-id", "JWT", List.of(base()), ALICE, 300)).serialize();
        refused(foreign, "the token's signature does not verify with the issuer's keys");
        // the issuer's key naming another issuer
        Map<String, Object> otherIssuer = new java.util.HashMap<>(ALICE);
        otherIssuer.put("iss", "https://evil.example.com");
        String renamed = token("alice-id", base(), otherIssuer, 300);
        assertThat(SignedJWT.parse(renamed).getJWTClaimsSet().getIssuer()).isEqualTo("https://evil.example.com");
        refused(renamed, "the token is from another issuer (expected " + issuer.issuerUrl(ISSUER) + ")");
    }

    @Test
    void aTokenWithoutTheRequiredScopeIs403InsufficientScope() {
        try (McpClient client = client(goodToken("alice-id", Map.of("scope", "openid")))) {
            McpClient.Exchange exchange = client.exchange("POST", Fixtures.INITIALIZE, Map.of());
            assertThat(exchange.status()).isEqualTo(403);
            assertThat(exchange.header("WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_scope\","
                    + " error_description=\"the token lacks the scope mcp.read\", scope=\"mcp.read\","
                    + " resource_metadata=\"" + base() + "/.well-known/oauth-protected-resource\"");
        }
    }

    @Test
    void everyRequestOfASessionNeedsItsOwnersToken() {
        try (McpClient alice = client(goodToken("alice-id", ALICE))) {
            alice.initialize();
            String session = alice.sessionId();
            String ping = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}";
            String bobToken = "Bearer " + goodToken("bob-id", Map.of("scope", "mcp.read"));
            assertThat(alice.exchange("POST", ping, Map.of("Authorization", bobToken)).status()).isEqualTo(404);
            assertThat(alice.exchange("DELETE", null, Map.of("Authorization", bobToken)).status()).isEqualTo(404);
            assertThat(alice.exchange("POST", ping, Map.of("Authorization", "")).status()).isEqualTo(401);
            assertThat(alice.exchange("POST", ping, Map.of()).status()).isEqualTo(200);
            assertThat(alice.sessionId()).isEqualTo(session);
        }
    }

    @Test
    void stdioHasNoAuthenticationAsTheSpecificationSays() throws Exception {
        try (McpClient client = TestProject.stdio(mxcp)) {
            client.initialize();
            JsonNode sql = call(client, "whoami").get("structuredContent");
            assertThat(sql.get("username").isNull()).as(sql.toString()).isTrue();
            assertThat(sql.get("provider").isNull()).isTrue();
        }
    }

    @Test
    void aTokenIssuedAtTheTokenEndpointIsAccepted() throws Exception {
        // the client credentials grant over HTTP, as a client would get its token (for this server, with the scope)
        issuer.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "agent", "JWT", List.of(base()),
                Map.of("scope", "mcp.read"), 300));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(issuer.tokenEndpointUrl(ISSUER).toString()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=agent"
                        + "&client_secret=secret&scope=mcp.read"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String token = Json.parse(response.body()).get("access_token").asText();
        try (McpClient client = client(token)) {
            client.initialize();
            assertThat(call(client, "whoami").at("/structuredContent/provider").asText()).isEqualTo("test-idp");
        }
    }
}

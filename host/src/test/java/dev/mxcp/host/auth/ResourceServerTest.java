package dev.mxcp.host.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mxcp.host.config.AuthConfig;
import dev.mxcp.host.config.UserConfig;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The verifier against an issuer this test serves on 127.0.0.1 (discovery and key set), to rotate its keys,
 * slow it down or take it away: a key the issuer adds is taken once a token names it, one it drops stops
 * working, and an issuer that is down or slow denies every call with 503 while the verifier stays usable.
 */
@Timeout(60)
class ResourceServerTest {

    WebServer idp;
    String issuer;
    volatile JWKSet keys;
    volatile String jwksUri;
    volatile Duration jwksDelay = Duration.ZERO;
    volatile boolean discoveryUp = true;
    RSAKey first;
    RSAKey second;

    @BeforeEach
    void startIssuer() throws Exception {
        first = new RSAKeyGenerator(2048).keyID("first").generate();
        second = new RSAKeyGenerator(2048).keyID("second").generate();
        keys = new JWKSet(first.toPublicJWK());
        idp = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false).routing(r -> r
                .get("/realm/.well-known/openid-configuration", (req, res) -> {
                    if (discoveryUp) {
                        answer(res, 200, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri + "\"}");
                    } else {
                        answer(res, 500, "{}");
                    }
                })
                .get("/realm/keys", (req, res) -> {
                    Thread.sleep(jwksDelay.toMillis());
                    answer(res, 200, keys.toString());
                })).build().start();
        issuer = "http://127.0.0.1:" + idp.port() + "/realm";
        jwksUri = issuer + "/keys";
    }

    @AfterEach
    void stopIssuer() {
        idp.stop();
    }

    private static void answer(ServerResponse res, int status, String body) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
            res.send(body.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // the verifier gave up waiting (slow issuer)
        }
    }

    /** A verifier for this issuer whose tokens must be for mcp-server; keys may be fetched again at once. */
    ResourceServer verifier() {
        AuthConfig auth = new AuthConfig(AuthConfig.Mode.VERIFIER, AuthConfig.Provider.OIDC, null, null, null, null,
                null, null, new AuthConfig.Oidc(issuer + "/.well-known/openid-configuration", null, null, null, null,
                "mcp-server", null, null, null), null, null);
        return new ResourceServer(auth, new UserConfig.Transport.Http(null, null, null, null, null, null, null, null),
                Duration.ZERO, meters);
    }

    /** The registry the verifiers count their checks in. */
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    double attempts(String status) {
        var counter = meters.find("mxcp.auth.attempts_total").tags("provider", "oidc", "status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    String token(RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject("alice").audience("mcp-server")
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));
        return "Bearer " + jwt.serialize();
    }

    ResourceServer.Decision check(ResourceServer verifier, String authorization) {
        return verifier.check(authorization, "127.0.0.1:8000", "/mcp");
    }

    @Test
    void aRotatedKeyIsTakenWhenATokenNamesItAndADroppedOneStopsWorking() throws Exception {
        ResourceServer verifier = verifier();
        assertThat(check(verifier, token(first))).isInstanceOf(ResourceServer.Allowed.class);
        keys = new JWKSet(second.toPublicJWK()); // the issuer rotates: new key in, old key out
        assertThat(check(verifier, token(second))).isInstanceOf(ResourceServer.Allowed.class);
        assertThat(check(verifier, token(first))).isEqualTo(new ResourceServer.Denied(401, "Bearer"
                + " error=\"invalid_token\", error_description=\"the token's signature does not verify with the"
                + " issuer's keys\", resource_metadata=\"http://127.0.0.1:8000/.well-known/oauth-protected-resource\"",
                "the token's signature does not verify with the issuer's keys"));
        assertThat(check(verifier, null)).isInstanceOf(ResourceServer.Denied.class);
        // MXCP's attempts counter, by outcome
        assertThat(attempts("success")).isEqualTo(2.0);
        assertThat(attempts("invalid_token")).isEqualTo(1.0);
        assertThat(attempts("no_token")).isEqualTo(1.0);
    }

    @Test
    void aKeySetThatIsDownDeniesWith503AndTheVerifierRecovers() throws Exception {
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            jwksUri = "http://127.0.0.1:" + closed.getLocalPort() + "/keys";
        }
        ResourceServer verifier = verifier();
        ResourceServer.Decision down = check(verifier, token(first));
        assertThat(down).isInstanceOfSatisfying(ResourceServer.Denied.class, denied -> {
            assertThat(denied.status()).isEqualTo(503);
            assertThat(denied.reason()).startsWith("tokens cannot be verified now: the issuer's keys at " + jwksUri
                    + " could not be fetched: ").doesNotContain("\n");
        });
        // a token that is bad whatever the keys is still 401
        assertThat(check(verifier, "Bearer not-a-jwt")).isInstanceOfSatisfying(ResourceServer.Denied.class,
                denied -> assertThat(denied.status()).isEqualTo(401));
        assertThat(attempts("error")).isEqualTo(1.0);
        assertThat(attempts("invalid_token")).isEqualTo(1.0);
    }

    @Test
    void aSlowKeySetDeniesWith503WithinTheTimeout() throws Exception {
        jwksDelay = OidcVerifier.HTTP_TIMEOUT.plusSeconds(5);
        ResourceServer verifier = verifier();
        ResourceServer.Decision slow = check(verifier, token(first)); // "Read timed out": the client's timeout ended it
        assertThat(slow).isInstanceOfSatisfying(ResourceServer.Denied.class, denied -> {
            assertThat(denied.status()).isEqualTo(503);
            assertThat(denied.reason()).contains("could not be fetched: Read timed out");
        });
        jwksDelay = Duration.ZERO;
        assertThat(check(verifier, token(first))).isInstanceOf(ResourceServer.Allowed.class);
    }

    @Test
    void aDiscoveryDocumentThatFailsOrNamesAnotherIssuerDenies() throws Exception {
        discoveryUp = false;
        ResourceServer verifier = verifier();
        assertThat(check(verifier, token(first))).isInstanceOfSatisfying(ResourceServer.Denied.class, denied -> {
            assertThat(denied.status()).isEqualTo(503);
            assertThat(denied.reason()).startsWith("tokens cannot be verified now: the issuer's discovery document at "
                    + issuer + "/.well-known/openid-configuration could not be fetched");
        });
        discoveryUp = true; // tried again on the next token
        assertThat(check(verifier, token(first))).isInstanceOf(ResourceServer.Allowed.class);

        String configured = issuer;
        issuer = "https://impostor.example.com";
        ResourceServer mixedUp = new ResourceServer(new AuthConfig(AuthConfig.Mode.VERIFIER, AuthConfig.Provider.OIDC,
                null, null, null, null, null, null, new AuthConfig.Oidc(configured + "/.well-known/openid-configuration",
                null, null, null, null, "mcp-server", null, null, null), null, null),
                new UserConfig.Transport.Http(null, null, null, null, null, null, null, null), Duration.ZERO, meters);
        assertThat(check(mixedUp, token(first))).isInstanceOfSatisfying(ResourceServer.Denied.class, denied ->
                assertThat(denied.reason()).isEqualTo("tokens cannot be verified now: the discovery document at "
                        + configured + "/.well-known/openid-configuration names issuer https://impostor.example.com,"
                        + " not " + configured));
    }

    @Test
    void claimMappingsGiveCapabilitiesAsMxcpDoes() {
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("admin", "viewer")),
                "https://example.com/groups", "ops dev", "email_verified", true, "level", 3);
        Map<String, Object> mappings = Map.of(
                "realm_access.roles", Map.of("admin", List.of("user.manage"), "viewer", List.of("data.read")),
                "https://example.com/groups", Map.of("ops", List.of("deploy")),
                "email_verified", Map.of("true", List.of("mail")),
                "level", Map.of("3", List.of("gold")),
                "missing.path", Map.of("x", List.of("never")));
        assertThat(TokenCaller.capabilities(claims, mappings))
                .containsExactlyInAnyOrder("user.manage", "data.read", "deploy", "mail", "gold");
    }
}

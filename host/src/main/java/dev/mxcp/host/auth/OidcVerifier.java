package dev.mxcp.host.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.mxcp.host.config.AuthConfig;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checks bearer JWTs of one OpenID Connect issuer with Nimbus JOSE+JWT. The issuer's discovery document is
 * fetched on first use (and again after a failure) and must name the configured issuer; its key set is
 * cached by Nimbus, fetched again when a token names a key it does not hold (key rotation), at most once per
 * rate-limit interval. Only asymmetric signatures count (RSA, RSA-PSS, ECDSA): never {@code alg: none}, never
 * an HMAC, whose secret a public key set cannot hold. Issuer, audience, expiry and not-before are checked,
 * with a minute of clock skew, on every request. A signature is verified once per token (a client sends the
 * same token with every request until it expires); later requests with it only check that its key is still in
 * the issuer's key set as last fetched, so a key the issuer drops stops its tokens at the next fetch.
 */
final class OidcVerifier {

    /** Connect and read timeout for discovery and keys: a slow issuer denies calls rather than stalls them. */
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(3);
    private static final int SIZE_LIMIT = 512 * 1024;
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "sub", "aud", "exp");

    /** Why a token is refused: {@link #unavailable} when the issuer could not be asked, else the token is bad. */
    static final class Rejected extends Exception {
        private final boolean unavailable;

        Rejected(String message, boolean unavailable) {
            super(message, null, false, false);
            this.unavailable = unavailable;
        }

        boolean unavailable() {
            return unavailable;
        }
    }

    private final String configUrl;
    private final String issuer;
    private final long rateLimitMillis;
    private final ResourceRetriever retriever;
    private volatile Keys keys;
    /** Tokens whose signatures verified, by token; bounded by {@link #VERIFIED_LIMIT}. */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private static final int VERIFIED_LIMIT = 10_000;
    /** The claim checks for each set of audiences a token may be for (one per URL this server answers as). */
    private final Map<Set<String>, DefaultJWTClaimsVerifier<SecurityContext>> claimChecks = new ConcurrentHashMap<>();

    /**
     * A token whose signature verified: its claims, the id of the key that signed it, and what the caller of
     * {@link #verify} derives from the claims, kept with them so that it is derived once per token.
     */
    static final class Verified {
        private final JWTClaimsSet claims;
        private final String keyId;
        private volatile Object derived;

        private Verified(JWTClaimsSet claims, String keyId) {
            this.claims = claims;
            this.keyId = keyId;
        }

        JWTClaimsSet claims() {
            return claims;
        }

        /** {@code derive} of the claims, computed on first use (a race computes it twice, harmlessly). */
        @SuppressWarnings("unchecked")
        <T> T derived(Function<JWTClaimsSet, T> derive) {
            Object known = derived;
            if (known == null) {
                known = derive.apply(claims);
                derived = known;
            }
            return (T) known;
        }
    }

    /** The processor built from the discovery document, and where its keys come from. */
    private record Keys(DefaultJWTProcessor<SecurityContext> processor, JWKSource<SecurityContext> source,
                        String jwksUri) {
    }

    /**
     * @param configUrl the issuer's discovery URL
     * @param issuer the issuer {@code configUrl} names, which discovery and tokens must name too
     * @param rateLimit the shortest time between two fetches of the key set
     */
    OidcVerifier(String configUrl, String issuer, Duration rateLimit) {
        this.configUrl = configUrl;
        this.issuer = issuer;
        this.rateLimitMillis = rateLimit.toMillis();
        int timeout = (int) HTTP_TIMEOUT.toMillis();
        this.retriever = new DefaultResourceRetriever(timeout, timeout, SIZE_LIMIT);
    }

    String issuer() {
        return issuer;
    }

    /**
     * The token's claims when it is a JWT this issuer signed for one of {@code audiences}, valid now.
     *
     * @throws Rejected with one line saying why not
     */
    Verified verify(String token, Set<String> audiences) throws Rejected {
        Verified known = verified.get(token);
        if (known == null || !stillPublished(known.keyId)) {
            SignedJWT signed = verifySignature(token);
            try {
                known = new Verified(signed.getJWTClaimsSet(), signed.getHeader().getKeyID());
            } catch (ParseException e) {
                throw new Rejected("the token's claims are not valid JSON", false);
            }
            if (known.keyId != null) {
                remember(token, known);
            }
        }
        try {
            claimChecks.computeIfAbsent(audiences, accepted -> new DefaultJWTClaimsVerifier<>(Set.copyOf(accepted),
                    new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED_CLAIMS, null)).verify(known.claims, null);
        } catch (BadJWTException e) {
            throw new Rejected(claimsProblem(e.getMessage()), false);
        }
        return known;
    }

    /** Whether the issuer's key set, as last fetched (fetched again when it is old), still holds {@code keyId}. */
    private boolean stillPublished(String keyId) {
        try {
            return !keys().source().get(new JWKSelector(new JWKMatcher.Builder().keyID(keyId).build()), null).isEmpty();
        } catch (Rejected | KeySourceException e) {
            return false; // verified again from the start, which says why it fails
        }
    }

    /** Keeps a verified token, first making room: expired tokens go, else all. */
    private void remember(String token, Verified entry) {
        if (verified.size() >= VERIFIED_LIMIT) {
            Date now = new Date();
            verified.values().removeIf(known -> known.claims().getExpirationTime() == null
                    || known.claims().getExpirationTime().before(now));
            if (verified.size() >= VERIFIED_LIMIT) {
                verified.clear();
            }
        }
        verified.put(token, entry);
    }

    /** The token once its form and signature are checked; its claims are not checked yet. */
    private SignedJWT verifySignature(String token) throws Rejected {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new Rejected("the token is not a JWT", false);
        }
        switch (jwt) {
            case PlainJWT plain -> throw new Rejected("unsigned tokens (alg: none) are refused", false);
            case EncryptedJWT encrypted -> throw new Rejected("encrypted tokens are not accepted", false);
            case SignedJWT signed -> {
                if (!ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
                    throw new Rejected("tokens signed with " + signed.getHeader().getAlgorithm()
                            + " are refused (accepted: RS*, PS*, ES*)", false);
                }
            }
            default -> throw new Rejected("the token is not a signed JWT", false);
        }
        try {
            keys().processor().process(jwt, null);
            return (SignedJWT) jwt;
        } catch (BadJWTException e) {
            throw new Rejected(claimsProblem(e.getMessage()), false);
        } catch (BadJOSEException e) {
            throw new Rejected(e.getMessage() != null && e.getMessage().contains("typ")
                    ? "the token's type (typ " + jwt.getHeader().getType() + ") is not an access token"
                    : "the token's signature does not verify with the issuer's keys", false);
        } catch (RateLimitReachedException e) {
            // a key id the issuer's keys lack, asked for again before they may be fetched again
            throw new Rejected("the token's signature does not verify with the issuer's keys", false);
        } catch (KeySourceException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new Rejected("the issuer's keys at " + keys.jwksUri() + " could not be fetched: "
                    + oneLine(cause.getMessage()), true);
        } catch (JOSEException e) {
            throw new Rejected("the token's keys could not be used: " + oneLine(e.getMessage()), false);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }

    /** Nimbus's words for a claim problem, in ours. */
    private String claimsProblem(String nimbus) {
        String message = nimbus == null ? "" : nimbus;
        if (message.startsWith("Expired JWT")) {
            return "the token has expired";
        }
        if (message.startsWith("JWT before use time")) {
            return "the token is not valid yet (nbf)";
        }
        if (message.startsWith("JWT aud") || message.startsWith("JWT missing required audience")) {
            return "the token is for another audience";
        }
        if (message.startsWith("JWT iss claim")) {
            return "the token is from another issuer (expected " + issuer + ")";
        }
        if (message.startsWith("JWT missing required claims")) {
            return "the token lacks required claims (iss, sub, aud, exp)";
        }
        return "the token's claims are not acceptable: " + oneLine(message);
    }

    /** The processor, after discovery on first use; a failed discovery is tried again on the next token. */
    private Keys keys() throws Rejected {
        Keys known = keys;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (keys == null) {
                keys = discover();
            }
            return keys;
        }
    }

    private Keys discover() throws Rejected {
        JsonNode document;
        try {
            document = Json.MAPPER.readTree(retriever.retrieveResource(URI.create(configUrl).toURL()).getContent());
        } catch (IOException | RuntimeException e) {
            throw new Rejected("the issuer's discovery document at " + configUrl + " could not be fetched: "
                    + oneLine(e.getMessage()), true);
        }
        String named = document == null ? null : document.path("issuer").asText(null);
        if (!issuer.equals(named)) {
            throw new Rejected("the discovery document at " + configUrl + " names issuer " + named + ", not "
                    + issuer, true);
        }
        String jwksUri = document.path("jwks_uri").asText(null);
        String problem = jwksUri == null ? "it names no jwks_uri" : AuthConfig.urlProblem(jwksUri);
        if (problem != null) {
            throw new Rejected("the discovery document at " + configUrl + " cannot be used: " + problem, true);
        }
        URL url;
        try {
            url = URI.create(jwksUri).toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new Rejected("the discovery document at " + configUrl + " names a bad jwks_uri " + jwksUri, true);
        }
        JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(url, retriever)
                .rateLimited(rateLimitMillis)
                .build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source));
        // RFC 9068 access tokens say at+jwt; most issuers say JWT or nothing
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWTClaimsSetVerifier(null); // checked per request: the audiences depend on how it arrived
        return new Keys(processor, source, jwksUri);
    }
}

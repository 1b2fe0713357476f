package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code requestState} of a 2026-07-28 {@code InputRequiredResult}: the answers a call got in earlier rounds,
 * so that the retry, on this server or another replica, runs with all of them and nothing is kept in memory.
 * It is {@code base64url(json) "." base64url(HMAC-SHA256)} under the server's key, bound to the request (method,
 * endpoint, arguments and the authenticated caller) and expiring after {@link #TTL}. Every failed check is
 * -32602, as the client sent a state this server cannot take.
 */
public final class RequestState {

    /** The setting that gives replicas one key, so that any of them takes the state another issued. */
    public static final String KEY_VARIABLE = "MXCP_REQUEST_STATE_KEY";
    /** A retry waits for a person to answer a form: minutes, not seconds. */
    static final Duration TTL = Duration.ofMinutes(15);
    private static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final ObjectWriter CANONICAL = Json.MAPPER.writer()
            .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final SecretKeySpec key;
    private final Clock clock;

    private RequestState(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.clock = clock;
    }

    /** A key of this process alone: the state of its answers is taken by no other server. */
    public static RequestState random() {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new RequestState(key, Clock.systemUTC());
    }

    /**
     * The key of {@value #KEY_VARIABLE} when set (at least 32 characters, shared by the replicas behind one
     * address), else a random one.
     *
     * @throws MxcpException when the variable is set but too short to be a key
     */
    public static RequestState of(Map<String, String> env) {
        String secret = env.get(KEY_VARIABLE);
        if (secret == null || secret.isEmpty()) {
            return random();
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_KEY_BYTES) {
            throw new MxcpException(KEY_VARIABLE + " must be at least " + MIN_KEY_BYTES + " characters (e.g. the"
                    + " output of `openssl rand -hex 32`), got " + key.length);
        }
        return new RequestState(key, Clock.systemUTC());
    }

    /** The same key read by another clock (tests of expiry). */
    RequestState withClock(Clock other) {
        return new RequestState(key.getEncoded(), other);
    }

    /**
     * What a state is bound to: the method, the endpoint (tool or prompt name, resource URI), the arguments
     * in a canonical order, and the authenticated caller (none on stdio or without authentication).
     */
    static String binding(String method, ObjectNode params, UserContext user) {
        JsonNode target = params.has("uri") ? params.get("uri") : params.get("name");
        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put("method", method);
        bound.put("target", target == null ? null : target.asText());
        bound.put("arguments", Json.toJava(params.get("arguments")));
        bound.put("caller", user == null ? null : user.provider() + ":" + user.userId());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(bound));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("SHA-256 and JSON are always available", e);
        }
    }

    /** Signs the answers of a round for the retry of the request bound as {@code binding}. */
    String issue(String binding, Map<String, JsonNode> answers) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("v", 1);
        payload.put("binding", binding);
        payload.put("expires", clock.millis() + TTL.toMillis());
        payload.put("answers", answers);
        byte[] body = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(body) + "." + base64.encodeToString(mac(body));
    }

    /**
     * The answers a state carries, after checking its signature, expiry and binding.
     *
     * @throws McpError -32602 for a state that is malformed, not signed with this key, expired, or issued for
     *                  another request
     */
    Map<String, JsonNode> verify(String state, String binding) {
        int dot = state.indexOf('.');
        byte[] body;
        byte[] signature;
        try {
            body = Base64.getUrlDecoder().decode(state.substring(0, Math.max(dot, 0)));
            signature = Base64.getUrlDecoder().decode(state.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid("it is malformed");
        }
        if (dot < 0 || !MessageDigest.isEqual(mac(body), signature)) {
            throw invalid("it was not issued by this server or was altered");
        }
        JsonNode payload;
        try {
            payload = Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw invalid("it is malformed");
        }
        if (payload.path("expires").asLong(0) < clock.millis()) {
            throw invalid("it has expired; call again without requestState and inputResponses");
        }
        if (!binding.equals(payload.path("binding").asText())) {
            throw invalid("it was issued for another request (method, name, arguments or caller differ)");
        }
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        payload.path("answers").properties().forEach(e -> answers.put(e.getKey(), e.getValue()));
        return answers;
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private static McpError invalid(String why) {
        return McpError.invalidParams("requestState is not valid: " + why);
    }
}

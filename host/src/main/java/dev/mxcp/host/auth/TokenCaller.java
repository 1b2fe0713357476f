package dev.mxcp.host.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.mxcp.guest.UserContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The caller a verified token names, as MXCP's OIDC verifier builds it: user id {@code sub}; username
 * {@code preferred_username}, else {@code username}, else the part of {@code email} before the @, else
 * {@code sub}; {@code email}, {@code name}, {@code picture}; every claim as the raw profile; capabilities from
 * the provider's {@code claim_mappings}; the identity provider's own token as the external token (in verifier
 * mode the bearer token itself, in issuer mode the upstream's access token).
 */
final class TokenCaller {

    private TokenCaller() {
    }

    /**
     * What a verified token grants: its caller, its scopes, and its issuer and subject (which tie a session to
     * the caller that opened it).
     */
    record Granted(UserContext user, Set<String> scopes, String subject) {
    }

    static UserContext of(JWTClaimsSet claims, String token, String provider, Map<String, Object> claimMappings) {
        return of(claims.toJSONObject(), token, provider, claimMappings);
    }

    /** The caller a set of claims names ({@code sub} required), with {@code token} as the external token. */
    static UserContext of(Map<String, Object> raw, String token, String provider, Map<String, Object> claimMappings) {
        String sub = text(raw.get("sub"));
        String email = text(raw.get("email"));
        String username = text(raw.get("preferred_username"));
        if (username == null) {
            username = text(raw.get("username"));
        }
        if (username == null && email != null) {
            username = email.indexOf('@') < 0 ? email : email.substring(0, email.indexOf('@'));
        }
        if (username == null || username.isEmpty()) {
            username = sub;
        }
        return new UserContext(provider, sub, username, email, text(raw.get("name")), text(raw.get("picture")), token,
                raw, capabilities(raw, claimMappings));
    }

    /**
     * The scopes the token grants: the {@code scope} claim (space-separated, RFC 9068), or {@code scp}
     * (a list or a string, as some issuers write it).
     */
    static Set<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        if (scope == null) {
            scope = claims.getClaim("scp");
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (scope instanceof String text) {
            scopes.addAll(Arrays.stream(text.split("\\s+")).filter(s -> !s.isEmpty()).toList());
        } else if (scope instanceof List<?> list) {
            list.forEach(item -> scopes.add(String.valueOf(item)));
        }
        return scopes;
    }

    /**
     * MXCP's capability mapping: for each claim path (an exact key first, for URI-style claims, else a dotted
     * path into nested objects), the capabilities its value maps to; a list value or a space-separated string
     * counts each item, booleans as true/false.
     */
    static List<String> capabilities(Map<String, Object> raw, Map<String, Object> claimMappings) {
        if (claimMappings == null) {
            return List.of();
        }
        Set<String> capabilities = new LinkedHashSet<>();
        claimMappings.forEach((path, mapping) -> {
            Object value = resolve(raw, path);
            if (value == null || !(mapping instanceof Map<?, ?> byValue)) {
                return;
            }
            for (String item : items(value)) {
                if (byValue.get(item) instanceof List<?> granted) {
                    granted.forEach(capability -> capabilities.add(String.valueOf(capability)));
                }
            }
        });
        return new ArrayList<>(capabilities);
    }

    private static Object resolve(Map<String, Object> raw, String path) {
        if (raw.containsKey(path)) {
            return raw.get(path);
        }
        Object current = raw;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    private static List<String> items(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        if (value instanceof String text && text.contains(" ")) {
            return Arrays.stream(text.split(" ")).filter(s -> !s.isEmpty()).toList();
        }
        return List.of(String.valueOf(value));
    }

    private static String text(Object value) {
        return value instanceof String text ? text : null;
    }
}

package dev.mxcp.guest;

import java.util.List;
import java.util.Map;

/**
 * Who is calling an endpoint: set from the authenticated MCP session, the CLI's {@code --user-context},
 * or a YAML test's {@code user_context}. SQL reads it through {@code get_username()} and friends; guest
 * code through {@code mxcp.runtime}.
 *
 * @param provider where the identity came from ("cli", "test", or an OAuth provider name)
 * @param rawProfile the whole profile as given, so policies can read custom fields such as {@code role}
 * @param capabilities what policies see as {@code user.capabilities}: derived from a token's claims by the
 *     provider's {@code claim_mappings}, or the profile's own {@code capabilities} list (CLI and tests)
 */
public record UserContext(
        String provider,
        String userId,
        String username,
        String email,
        String name,
        String avatarUrl,
        String externalToken,
        Map<String, Object> rawProfile,
        List<String> capabilities) {

    public UserContext {
        rawProfile = rawProfile == null ? Map.of() : rawProfile;
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    /**
     * Builds a context from a JSON-like profile, as MXCP does for {@code --user-context} and tests: a profile
     * without {@code user_id} or {@code username} gets {@code defaultName} for it ("cli_user", "test_user").
     */
    public static UserContext fromProfile(String provider, String defaultName, Map<String, Object> profile) {
        return new UserContext(
                provider,
                text(profile, "user_id", defaultName),
                text(profile, "username", defaultName),
                text(profile, "email", null),
                text(profile, "name", null),
                text(profile, "avatar_url", null),
                text(profile, "external_token", null),
                profile,
                profile.get("capabilities") instanceof List<?> listed ? listed.stream().map(String::valueOf).toList()
                        : List.of());
    }

    private static String text(Map<String, Object> profile, String key, String fallback) {
        Object value = profile.get(key);
        return value == null ? fallback : value.toString();
    }
}

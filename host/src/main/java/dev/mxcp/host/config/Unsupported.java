package dev.mxcp.host.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fail closed: the settings of the site file, the active profile and the user configuration (and MXCP's
 * environment variables) that ask for something this runtime does not do yet. Serving or running a project
 * that sets one would silently drop it (a server without the authentication its operator configured), so it is refused with one line naming the file and key.
 *
 * <p>Every other key is either applied or on this allow-list of keys harmless to ignore:
 * {@code dbt} (read by MXCP's dbt commands only), {@code paths.evals}, {@code paths.drift},
 * {@code profiles.*.drift} and {@code models} (MXCP's evals and drift commands only), the site's
 * {@code secrets} (informational in MXCP too: all of the profile's secrets are injected),
 * the {@code auth} sub-keys while {@code provider: none}; with the OIDC verifier, the
 * login settings of issuer mode ({@code auth.clients}, {@code auth.persistence}, the other providers' sections,
 * {@code oidc.client_id/client_secret/scope/callback_path/extra_authorize_params}: MXCP's verifier uses the
 * client only to introspect opaque tokens, which are refused here, failing closed); in issuer mode, the
 * sections of the providers not selected; {@code vault} and
 * {@code onepassword} settings while not {@code enabled} ({@code vault://} and {@code op://} references are
 * refused where they are resolved), {@code transport.http.scheme} and {@code base_url} (this server's URL for
 * token audiences; read only with auth), {@code logging.level/max_bytes/backup_count} without a {@code path} (they
 * shape the log file only), the settings of inactive profiles and projects (MXCP does not read them either),
 * the other {@code MXCP_TELEMETRY_*} and {@code OTEL_*} (read only with telemetry on),
 * {@code MXCP_DISABLE_ANALYTICS} (this runtime sends no analytics).
 */
final class Unsupported {

    private static final String NOT_YET = "not supported yet";

    private Unsupported() {
    }

    /** One line per refused setting, each naming its file (or environment variable) and key; empty when none. */
    static List<String> find(SiteConfig site, String profile, YamlDocument userDoc, UserConfig user) {
        List<String> refused = new ArrayList<>();
        if (userDoc == null) {
            return refused;
        }
        List<Object> profilePath = List.of("projects", site.project(), "profiles", profile);
        UserConfig.Profile userProfile = user.profile(site.project(), profile);
        refused.addAll(auth(userDoc, append(profilePath, "auth"), userProfile.auth()));
        if (Boolean.TRUE.equals(user.transport().http().trustProxy())) {
            refused.add(at(userDoc, List.of("transport", "http", "trust_proxy"), "client addresses from proxy headers"));
        }
        if (user.vault().enabled()) {
            refused.add(at(userDoc, List.of("vault", "enabled"), "HashiCorp Vault"));
        }
        if (user.onepassword().enabled()) {
            refused.add(at(userDoc, List.of("onepassword", "enabled"), "1Password"));
        }
        if (user.logging().enabled() && user.logging().path() != null) {
            refused.add(at(userDoc, List.of("logging", "path"), "a log file (logs go to stderr)"));
        }
        return refused;
    }

    /**
     * Authentication: the OIDC verifier and issuer mode with a generic OIDC (or Keycloak) upstream are applied;
     * each needs its provider's settings well-formed. Issuer mode keeps its tokens and clients in memory, so
     * {@code persistence} is refused.
     */
    private static List<String> auth(YamlDocument doc, List<Object> path, AuthConfig auth) {
        if (!auth.enabled()) {
            return List.of();
        }
        String provider = auth.provider().name().toLowerCase(Locale.ROOT);
        if (auth.mode() == AuthConfig.Mode.ISSUER) {
            return issuer(doc, path, auth, provider);
        }
        if (auth.provider() != AuthConfig.Provider.OIDC) {
            return List.of(doc.errorAt(append(path, "provider"), "verifier mode checks tokens with provider oidc"
                    + " only, not '" + provider + "'").getMessage());
        }
        AuthConfig.Oidc oidc = auth.oidc();
        List<Object> oidcPath = append(path, "oidc");
        if (oidc == null || oidc.configUrl() == null || oidc.configUrl().isBlank()) {
            return List.of(doc.errorAt(oidc == null ? path : oidcPath, "the OIDC verifier needs oidc.config_url,"
                    + " the issuer's discovery URL (https://<issuer>/.well-known/openid-configuration)").getMessage());
        }
        List<String> problems = new ArrayList<>();
        configUrl(doc, append(oidcPath, "config_url"), oidc, problems);
        if (oidc.audience() != null && oidc.audience().isBlank()) {
            problems.add(doc.errorAt(append(oidcPath, "audience"), "must not be empty").getMessage());
        }
        claimMappings(doc, oidcPath, oidc.claimMappings(), problems);
        return problems;
    }

    /**
     * Issuer mode: the upstream provider's client settings (MXCP requires them all), the pre-registered clients'
     * redirect URIs and grant types, and no {@code persistence}.
     */
    private static List<String> issuer(YamlDocument doc, List<Object> path, AuthConfig auth, String provider) {
        if (auth.provider() != AuthConfig.Provider.OIDC && auth.provider() != AuthConfig.Provider.KEYCLOAK) {
            return List.of(at(doc, append(path, "provider"), "issuer mode through provider '" + provider
                    + "' (issuer mode logs users in through provider oidc or keycloak only)"));
        }
        List<String> problems = new ArrayList<>();
        List<Object> section = append(path, provider);
        AuthConfig.Oidc upstream = auth.upstream();
        if (upstream == null) {
            return List.of(doc.errorAt(path, "provider " + provider + " needs its '" + provider + "' section"
                    + " (client_id, client_secret, callback_path...)").getMessage());
        }
        Map<String, String> required = new java.util.LinkedHashMap<>();
        if (auth.provider() == AuthConfig.Provider.KEYCLOAK) {
            required.put("server_url", auth.keycloak().serverUrl());
            required.put("realm", auth.keycloak().realm());
        } else {
            required.put("config_url", upstream.configUrl());
            required.put("scope", upstream.scope());
        }
        required.put("client_id", upstream.clientId());
        required.put("client_secret", upstream.clientSecret());
        required.put("callback_path", upstream.callbackPath());
        required.forEach((key, value) -> {
            if (value == null || value.isBlank()) {
                problems.add(doc.errorAt(section, "issuer mode needs " + provider + "." + key).getMessage());
            }
        });
        if (!problems.isEmpty()) {
            return problems;
        }
        configUrl(doc, append(section, auth.provider() == AuthConfig.Provider.KEYCLOAK ? "server_url" : "config_url"),
                upstream, problems);
        if (!List.of(upstream.scope().split("\\s+")).contains("openid")) {
            problems.add(doc.errorAt(append(section, "scope"), "must include openid (an OpenID Connect login)")
                    .getMessage());
        }
        String callback = upstream.callbackPath();
        List<String> taken = List.of("/authorize", "/token", "/register", "/mcp", "/sse", "/messages", "/metrics", "/health");
        if (!callback.matches("(/[A-Za-z0-9._~-]+)+") || taken.contains(callback) || callback.startsWith("/.well-known/")) {
            problems.add(doc.errorAt(append(section, "callback_path"), "expected a path of this server of its own,"
                    + " e.g. /oidc/callback").getMessage());
        }
        claimMappings(doc, section, upstream.claimMappings(), problems);
        for (int i = 0; i < auth.clients().size(); i++) {
            client(doc, append(path, "clients", i), auth.clients().get(i), problems);
        }
        if (auth.persistence() != null) {
            problems.add(at(doc, append(path, "persistence"), "persistence of issued tokens and registered clients"
                    + " (this runtime keeps them in memory: remove the key, and clients log in again after a restart)"));
        }
        return problems;
    }

    /** Problems of {@code oidc.config_url}, reported at {@code key} (Keycloak's: its server_url). */
    private static void configUrl(YamlDocument doc, List<Object> key, AuthConfig.Oidc oidc, List<String> problems) {
        String urlProblem = AuthConfig.urlProblem(oidc.configUrl());
        if (urlProblem == null && oidc.issuer() == null) {
            urlProblem = "expected the issuer's discovery URL, ending in /.well-known/openid-configuration";
        }
        if (urlProblem != null) {
            problems.add(doc.errorAt(key, urlProblem).getMessage());
        }
    }

    private static void claimMappings(YamlDocument doc, List<Object> section, Map<String, Object> mappings,
                                      List<String> problems) {
        if (mappings != null) {
            mappings.forEach((claim, values) -> {
                if (!(values instanceof Map<?, ?> map) || !map.values().stream().allMatch(v -> v instanceof List<?>)) {
                    problems.add(doc.errorAt(append(section, "claim_mappings", claim), "expected a mapping from"
                            + " claim values to lists of capabilities, e.g. {admin: [user.manage]}").getMessage());
                }
            });
        }
    }

    /** A pre-registered client: an id, redirect URIs MCP clients may be sent back to, known grant types. */
    private static void client(YamlDocument doc, List<Object> path, AuthConfig.Client client, List<String> problems) {
        if (client.clientId() == null || client.clientId().isBlank()) {
            problems.add(doc.errorAt(path, "a client needs its client_id").getMessage());
        }
        if (client.redirectUris() == null || client.redirectUris().isEmpty()) {
            problems.add(doc.errorAt(path, "a client needs its redirect_uris (where its users are sent back after"
                    + " login)").getMessage());
        } else {
            for (int i = 0; i < client.redirectUris().size(); i++) {
                String problem = AuthConfig.redirectUriProblem(String.valueOf(client.redirectUris().get(i)));
                if (problem != null) {
                    problems.add(doc.errorAt(append(path, "redirect_uris", i), problem).getMessage());
                }
            }
        }
        if (client.grantTypes() != null) {
            for (int i = 0; i < client.grantTypes().size(); i++) {
                if (!List.of("authorization_code", "refresh_token").contains(client.grantTypes().get(i))) {
                    problems.add(doc.errorAt(append(path, "grant_types", i), "expected authorization_code or"
                            + " refresh_token").getMessage());
                }
            }
        }
    }

    private static String at(YamlDocument doc, List<Object> path, String what) {
        return doc.errorAt(path, NOT_YET + ": " + what + " is not available in this runtime, so the project is"
                + " refused rather than run without it").getMessage();
    }

    private static List<Object> append(List<Object> path, Object... more) {
        List<Object> all = new ArrayList<>(path);
        all.addAll(List.of(more));
        return all;
    }
}

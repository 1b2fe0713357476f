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
 * {@code sql_tools.*.description} (only with {@code sql_tools.enabled}), the {@code auth} sub-keys while
 * {@code provider: none}; with the OIDC verifier, the
 * login settings of issuer mode ({@code auth.clients}, {@code auth.persistence}, the other providers' sections,
 * {@code oidc.client_id/client_secret/scope/callback_path/extra_authorize_params}: MXCP's verifier uses the
 * client only to introspect opaque tokens, which are refused here, failing closed); {@code vault} and
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
    static List<String> find(YamlDocument siteDoc, SiteConfig site, String profile, YamlDocument userDoc,
                             UserConfig user, Map<String, String> env) {
        List<String> refused = new ArrayList<>();
        if (site.sqlTools().enabled()) {
            refused.add(at(siteDoc, List.of("sql_tools", "enabled"), "the built-in SQL tools"));
        }
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
     * Authentication: the OIDC verifier is applied; issuer mode (this server as the OAuth server, logging users
     * in upstream) is not yet, and a verifier needs its issuer's discovery URL and well-formed claim mappings.
     */
    private static List<String> auth(YamlDocument doc, List<Object> path, AuthConfig auth) {
        if (!auth.enabled()) {
            return List.of();
        }
        String provider = auth.provider().name().toLowerCase(Locale.ROOT);
        if (auth.mode() == AuthConfig.Mode.ISSUER) {
            return List.of(at(doc, append(path, "provider"), "issuer mode (this server as the OAuth authorization"
                    + " server, logging users in through provider '" + provider + "'; auth.mode: verifier with"
                    + " provider: oidc checks the tokens of an existing issuer)"));
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
        String urlProblem = AuthConfig.urlProblem(oidc.configUrl());
        if (urlProblem == null && oidc.issuer() == null) {
            urlProblem = "expected the issuer's discovery URL, ending in /.well-known/openid-configuration";
        }
        if (urlProblem != null) {
            problems.add(doc.errorAt(append(oidcPath, "config_url"), urlProblem).getMessage());
        }
        if (oidc.audience() != null && oidc.audience().isBlank()) {
            problems.add(doc.errorAt(append(oidcPath, "audience"), "must not be empty").getMessage());
        }
        if (oidc.claimMappings() != null) {
            oidc.claimMappings().forEach((claim, values) -> {
                if (!(values instanceof Map<?, ?> map) || !map.values().stream().allMatch(v -> v instanceof List<?>)) {
                    problems.add(doc.errorAt(append(oidcPath, "claim_mappings", claim), "expected a mapping from"
                            + " claim values to lists of capabilities, e.g. {admin: [user.manage]}").getMessage());
                }
            });
        }
        return problems;
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

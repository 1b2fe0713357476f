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
 * {@code sql_tools.*.description} (only with {@code sql_tools.enabled}), the {@code auth} and
 * {@code telemetry} sub-keys while {@code provider: none} or not {@code enabled}, {@code vault} and
 * {@code onepassword} settings while not {@code enabled} ({@code vault://} and {@code op://} references are
 * refused where they are resolved), {@code transport.http.scheme} and {@code base_url} (MXCP builds OAuth URLs
 * from them; auth is refused), {@code logging.level/max_bytes/backup_count} without a {@code path} (they
 * shape the log file only), the settings of inactive profiles and projects (MXCP does not read them either),
 * and {@code MXCP_ADMIN_SOCKET}, the other {@code MXCP_TELEMETRY_*} and {@code OTEL_*} (read only with the admin
 * socket or telemetry on), {@code MXCP_DISABLE_ANALYTICS} (this runtime sends no analytics).
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
        if (Boolean.TRUE.equals(flag(env, "MXCP_ADMIN_ENABLED"))) {
            refused.add(envLine("MXCP_ADMIN_ENABLED", "the admin socket"));
        }
        Boolean telemetryFromEnv = flag(env, "MXCP_TELEMETRY_ENABLED");
        if (Boolean.TRUE.equals(telemetryFromEnv)) {
            refused.add(envLine("MXCP_TELEMETRY_ENABLED", "OpenTelemetry export"));
        }
        if (userDoc == null) {
            return refused;
        }
        List<Object> profilePath = List.of("projects", site.project(), "profiles", profile);
        UserConfig.Profile userProfile = user.profile(site.project(), profile);
        if (userProfile.auth().provider() != AuthConfig.Provider.NONE) {
            refused.add(at(userDoc, append(profilePath, "auth", "provider"), "authentication (provider '"
                    + userProfile.auth().provider().name().toLowerCase(Locale.ROOT) + "')"));
        }
        if (telemetryFromEnv == null && userProfile.telemetry().enabled()) {
            refused.add(at(userDoc, append(profilePath, "telemetry", "enabled"), "OpenTelemetry export"));
        }
        if ("sse".equals(user.transport().provider())) {
            refused.add(at(userDoc, List.of("transport", "provider"), "the SSE transport (use streamable-http or stdio)"));
        }
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

    private static String at(YamlDocument doc, List<Object> path, String what) {
        return doc.errorAt(path, NOT_YET + ": " + what + " is not available in this runtime, so the project is"
                + " refused rather than run without it").getMessage();
    }

    private static String envLine(String variable, String what) {
        return "environment variable " + variable + "=true: " + NOT_YET + ": " + what
                + " is not available in this runtime, so the project is refused rather than run without it";
    }

    /** MXCP's boolean environment override: null when unset, else whether it says true. */
    private static Boolean flag(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null ? null : ProjectConfig.isTrue(value);
    }

    private static List<Object> append(List<Object> path, Object... more) {
        List<Object> all = new ArrayList<>(path);
        all.addAll(List.of(more));
        return all;
    }
}

package dev.mxcp.host.config;

import dev.mxcp.host.base.MxcpException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything configured for one run of a project: the site file, the user file with the active profile's
 * references resolved, and the values derived from them (profile, database path, read-only mode).
 *
 * @param databasePath the DuckDB file, or {@code null} for an in-memory database ({@code :memory:})
 * @param audit the active profile's audit log: on or off, its file and rotation size
 * @param siteData the site file as plain data, for guests' {@code config.site_config}
 * @param userData the user file as plain data (active profile resolved), for {@code config.user_config}
 * @param unsupported one line per setting this runtime does not apply yet (see {@link #requireSupported()})
 * @param adminSocket where a server opens its admin socket ({@code MXCP_ADMIN_SOCKET}, default
 *     {@value #DEFAULT_ADMIN_SOCKET}), or null when {@code MXCP_ADMIN_ENABLED} is not true (MXCP's default)
 * @param telemetry OpenTelemetry export: the profile's {@code telemetry} section with the environment's overrides
 */
public record ProjectConfig(
        Path root,
        SiteConfig site,
        UserConfig user,
        String profileName,
        UserConfig.Profile userProfile,
        Path databasePath,
        boolean readOnly,
        Audit audit,
        Map<String, Object> siteData,
        Map<String, Object> userData,
        List<String> unsupported,
        Path adminSocket,
        TelemetrySettings telemetry) {

    public static final String SITE_FILE = "mxcp-site.yml";
    public static final String DEFAULT_ADMIN_SOCKET = "/run/mxcp/mxcp.sock";

    /**
     * The audit log as MXCP resolves it: {@code profiles.<p>.audit.enabled}, overridden by
     * {@code MXCP_AUDIT_ENABLED} (true/1/yes or false/0/no); the path as written (relative to the project
     * root), else {@code <paths.audit>/logs-<profile>.jsonl}; segments rotate at {@code max_file_size} bytes.
     */
    public record Audit(boolean enabled, Path path, long maxFileSize) {
    }

    /** Command-line choices that win over the environment and the files; null means "not given". */
    public record Overrides(String profile, Boolean readOnly) {
        public static final Overrides NONE = new Overrides(null, null);
    }

    /** The nearest directory from {@code start} upwards that holds {@code mxcp-site.yml}, as MXCP finds it. */
    public static Path findRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SITE_FILE))) {
                return dir;
            }
        }
        throw new MxcpException("no " + SITE_FILE + " found in " + start.toAbsolutePath().normalize()
                + " or any parent directory (use --project DIR)");
    }

    /** Loads the project at {@code root} with the given overrides and environment variables. */
    public static ProjectConfig load(Path root, Overrides overrides, Map<String, String> env) {
        Path siteFile = root.resolve(SITE_FILE);
        if (!Files.isRegularFile(siteFile)) {
            throw new MxcpException(root + " is not an MXCP project: " + SITE_FILE + " is missing");
        }
        YamlDocument siteDoc = YamlDocument.read(siteFile);
        requireMapping(siteDoc);
        SiteConfig site = siteDoc.bind(siteDoc.data(), SiteConfig.class);

        String profile = firstNonBlank(overrides.profile(), env.get("MXCP_PROFILE"), site.profile());
        UserFile userFile = readUserFile(site.project(), profile, env, root);
        Map<String, Object> userData = userFile.data();
        UserConfig user = userFile.document() == null || userData.isEmpty()
                ? new UserConfig(null, null, null, null, null, null, null)
                : userFile.document().bind(userData, UserConfig.class);

        SiteConfig.Profile siteProfile = site.profileSettings(profile);
        boolean readOnly = overrides.readOnly() != null ? overrides.readOnly()
                : env.containsKey("MXCP_READONLY") ? isTrue(env.get("MXCP_READONLY"))
                : siteProfile.duckdb().readonly();
        String dbSetting = firstNonBlank(env.get("MXCP_DUCKDB_PATH"), siteProfile.duckdb().path(),
                site.paths().data() + "/db-" + profile + ".duckdb");
        Path database = dbSetting.equals(":memory:") ? null : root.resolve(dbSetting).normalize();

        String auditEnv = env.getOrDefault("MXCP_AUDIT_ENABLED", "");
        boolean auditOn = isTrue(auditEnv) || siteProfile.audit().enabled()
                && !List.of("0", "false", "no").contains(auditEnv.strip().toLowerCase(Locale.ROOT));
        Audit audit = new Audit(auditOn, root.resolve(firstNonBlank(siteProfile.audit().path(),
                site.paths().audit() + "/logs-" + profile + ".jsonl")).normalize(), siteProfile.audit().maxFileSize());

        @SuppressWarnings("unchecked")
        Map<String, Object> siteData = siteDoc.data() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return new ProjectConfig(root, site, user, profile, user.profile(site.project(), profile), database, readOnly,
                audit, siteData, userData, Unsupported.find(site, profile, userFile.document(), user),
                isTrue(env.get("MXCP_ADMIN_ENABLED"))
                        ? Path.of(env.getOrDefault("MXCP_ADMIN_SOCKET", DEFAULT_ADMIN_SOCKET)).toAbsolutePath() : null,
                TelemetrySettings.resolve(user.profile(site.project(), profile).telemetry(), userFile.document(),
                        List.of("projects", site.project(), "profiles", profile, "telemetry"), site.project(), profile,
                        env, version()));
    }

    public ProjectConfig {
        unsupported = List.copyOf(unsupported);
    }

    /**
     * Fails closed: throws, naming the file and key, when the configuration sets something this runtime does
     * not apply yet (issuer-mode authentication, Vault...). Serving and running call this (through
     * {@code ProjectRuntime.settings}); {@code mxcp list} and {@code validate}, which run nothing, do not.
     */
    public void requireSupported() {
        if (!unsupported.isEmpty()) {
            int more = unsupported.size() - 1;
            throw new MxcpException(unsupported.getFirst() + (more == 0 ? "" : " (and " + more + " more setting"
                    + (more == 1 ? "" : "s") + " not supported yet)"));
        }
    }

    /** The user file as read (null when there is none) and its data with the active profile resolved. */
    private record UserFile(YamlDocument document, Map<String, Object> data) {
    }

    /**
     * Reads the user file and resolves references only where MXCP does: top-level sections and the active
     * project/profile. Other profiles stay raw, so their unset variables do not break this one.
     */
    private static UserFile readUserFile(String project, String profile, Map<String, String> env, Path root) {
        String configured = env.get("MXCP_CONFIG");
        Path file = configured != null ? Path.of(configured)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".mxcp", "config.yml");
        // MXCP takes any file that exists (MXCP_CONFIG=/dev/null: no user configuration)
        if (!Files.exists(file) || Files.isDirectory(file)) {
            if (configured != null) {
                throw new MxcpException("MXCP user config not found at " + file + " (MXCP_CONFIG)");
            }
            return new UserFile(null, Map.of());
        }
        YamlDocument doc = YamlDocument.read(file);
        if (doc.data() == null) {
            return new UserFile(doc, Map.of());
        }
        requireMapping(doc);
        References refs = new References(doc, env, root);
        Map<String, Object> resolved = new LinkedHashMap<>();
        YamlDocument.asMap(doc.data()).forEach((key, value) -> resolved.put(key, key.equals("projects")
                ? resolveActive(refs, value, project, profile) : refs.resolve(value, List.of(key))));
        return new UserFile(doc, resolved);
    }

    private static Object resolveActive(References refs, Object projects, String project, String profile) {
        if (!(projects instanceof Map<?, ?>)) {
            return projects;
        }
        Map<String, Object> out = new LinkedHashMap<>(YamlDocument.asMap(projects));
        Map<String, Object> projectData = new LinkedHashMap<>(YamlDocument.asMap(out.get(project)));
        Map<String, Object> profiles = new LinkedHashMap<>(YamlDocument.asMap(projectData.get("profiles")));
        if (profiles.containsKey(profile)) {
            profiles.put(profile, refs.resolve(profiles.get(profile), List.of("projects", project, "profiles", profile)));
            projectData.put("profiles", profiles);
            out.put(project, projectData);
        }
        return out;
    }

    private static void requireMapping(YamlDocument doc) {
        if (!(doc.data() instanceof Map<?, ?>)) {
            throw doc.errorAt(List.of(), "expected a mapping at the top of the file");
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** This runtime's version from the jar manifest, or "dev" when running from classes. */
    public static String version() {
        String version = ProjectConfig.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** How MXCP reads a boolean environment variable ({@code MXCP_READONLY}, {@code MXCP_DEBUG}...): 1, true or yes. */
    public static boolean isTrue(String value) {
        return value != null && List.of("1", "true", "yes").contains(value.strip().toLowerCase(Locale.ROOT));
    }
}

package dev.mxcp.host.cli;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.SiteConfig;
import dev.mxcp.host.config.UserConfig;
import dev.mxcp.host.engine.ProjectRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mxcp dbt-config}: writes the dbt side-car files MXCP writes ({@code services/dbt/runner.py}): a profile
 * {@code <project>_<profile>} in {@code ~/.dbt/profiles.yml} pointing dbt-duckdb at the profile's database, and
 * {@code dbt_project.yml} in the project with the site file's {@code dbt} paths, each merged into what is there.
 * HTTP secrets become DuckDB secrets that read {@code env_var('MXCP_SECRET_...')}, the variables {@code mxcp dbt}
 * sets (MXCP names a header's variable differently in the two places, so its headers never arrive; here they
 * match), or their values with {@code --embed-secrets --force}.
 */
@Command(name = "dbt-config", description = "Write dbt's profiles.yml entry and dbt_project.yml for this project.")
final class DbtConfigCommand extends ProjectCommand {

    @Option(names = "--dry-run", description = "Print what would be written instead of writing it.")
    boolean dryRun;

    @Option(names = "--force", description = "Update a dbt profile that already exists.")
    boolean force;

    @Option(names = "--embed-secrets", description = "Write secret values into profiles.yml (needs --force).")
    boolean embedSecrets;

    /** Only writes files, so settings the runtime does not apply do not stop it. */
    @Override
    boolean runsProject() {
        return false;
    }

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) {
        ProjectConfig config = runtime.config();
        SiteConfig.DbtConfig dbt = config.site().dbt();
        if (!dbt.enabled()) {
            throw new MxcpException("dbt integration is disabled in mxcp-site.yml");
        }
        if (embedSecrets && !force) {
            throw new UsageException("--embed-secrets requires --force to be set");
        }
        if (config.databasePath() == null) {
            throw new MxcpException("No DuckDB path configured for profile '" + config.profileName()
                    + "' (dbt needs a database file, not :memory:)");
        }
        String profile = dbtName(config.site().project()) + "_" + dbtName(config.profileName());
        Path profilesFile = Path.of(cli.env.getOrDefault("HOME", System.getProperty("user.home")), ".dbt", "profiles.yml");
        Path projectFile = config.root().resolve("dbt_project.yml");
        Map<String, Object> profiles = read(profilesFile);
        if (profiles.containsKey(profile) && !force) {
            throw new MxcpException("Profile '" + profile + "' already exists in " + profilesFile
                    + ". Use --force to update configuration.");
        }
        mergeProfile(profiles, profile, dbtName(config.profileName()), output(config));
        Map<String, Object> project = read(projectFile);
        project.putAll(projectSettings(config, dbt, profile));
        if (DbtCommand.findDbt(cli.env) == null) {
            cli.err.println("Warning: dbt CLI is not installed or not available in PATH (pip install dbt-core dbt-duckdb).");
        }
        if (dryRun) {
            cli.out.println("Would write the following to " + profilesFile + ":");
            cli.out.println(yaml().dump(profiles));
            cli.out.println("Would write the following to " + projectFile + ":");
            cli.out.println(yaml().dump(project));
            return 0;
        }
        write(profilesFile, profiles);
        write(projectFile, project);
        cli.out.println("dbt configured (" + (embedSecrets ? "embedded secrets" : "env_var mode") + "): profile '"
                + profile + "' in " + profilesFile + ", and " + projectFile);
        cli.out.println("Next: dbt deps, then mxcp dbt run (it sets the secrets' variables).");
        return 0;
    }

    /** The dbt-duckdb output for the profile: its database, httpfs, and the profile's HTTP secrets. */
    private Map<String, Object> output(ProjectConfig config) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("type", "duckdb");
        output.put("path", config.databasePath().toAbsolutePath().toString());
        output.put("extensions", List.of("httpfs"));
        List<Map<String, Object>> secrets = new ArrayList<>();
        for (UserConfig.Secret secret : config.userProfile().secrets()) {
            Map<String, Object> mapped = httpSecret(secret);
            if (mapped != null) {
                secrets.add(mapped);
            }
        }
        if (!secrets.isEmpty()) {
            output.put("secrets", secrets);
        }
        return output;
    }

    /** An {@code http} secret as a DuckDB secret of dbt-duckdb (MXCP's mapping); other types are not for dbt. */
    private Map<String, Object> httpSecret(UserConfig.Secret secret) {
        if (!secret.type().equals("http")) {
            return null;
        }
        Map<String, Object> parameters = secret.parameters();
        Map<String, String> headers = new LinkedHashMap<>();
        if (parameters.get("BEARER_TOKEN") != null) {
            headers.put("Authorization", "Bearer " + value(parameters.get("BEARER_TOKEN"),
                    DbtCommand.secretVariable(secret.name(), "BEARER_TOKEN", null)));
        } else if (parameters.get("EXTRA_HTTP_HEADERS") instanceof Map<?, ?> extra) {
            extra.forEach((key, v) -> headers.put(String.valueOf(key), value(v,
                    DbtCommand.secretVariable(secret.name(), "EXTRA_HTTP_HEADERS", String.valueOf(key)))));
        }
        if (headers.isEmpty()) {
            return null;
        }
        Map<String, Object> mapped = new LinkedHashMap<>();
        mapped.put("name", secret.name());
        mapped.put("type", "http");
        mapped.put("scope", parameters.getOrDefault("scope", ""));
        List<String> entries = headers.entrySet().stream().map(h -> "'" + h.getKey() + "': '" + h.getValue() + "'").toList();
        mapped.put("extra_http_headers", "map { " + String.join(", ", entries) + " }");
        return mapped;
    }

    private String value(Object value, String variable) {
        return embedSecrets ? String.valueOf(value) : "{{ env_var('" + variable + "') }}";
    }

    private static Map<String, Object> projectSettings(ProjectConfig config, SiteConfig.DbtConfig dbt, String profile) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("name", dbtName(config.site().project()));
        settings.put("profile", profile);
        settings.put("config-version", 2);
        settings.put("model-paths", dbt.modelPaths());
        settings.put("analysis-paths", dbt.analysisPaths());
        settings.put("test-paths", dbt.testPaths());
        settings.put("seed-paths", dbt.seedPaths());
        settings.put("macro-paths", dbt.macroPaths());
        settings.put("snapshot-paths", dbt.snapshotPaths());
        settings.put("target-path", dbt.targetPath());
        settings.put("clean-targets", dbt.cleanTargets());
        return settings;
    }

    /** Adds or updates the profile's target and output, keeping the rest of the user's profiles.yml. */
    @SuppressWarnings("unchecked")
    private static void mergeProfile(Map<String, Object> profiles, String profile, String target, Map<String, Object> output) {
        Map<String, Object> entry = profiles.get(profile) instanceof Map<?, ?> existing
                ? (Map<String, Object>) existing : new LinkedHashMap<>();
        Map<String, Object> outputs = entry.get("outputs") instanceof Map<?, ?> existing
                ? (Map<String, Object>) existing : new LinkedHashMap<>();
        Map<String, Object> merged = outputs.get(target) instanceof Map<?, ?> existing
                ? (Map<String, Object>) existing : new LinkedHashMap<>();
        merged.putAll(output);
        outputs.put(target, merged);
        entry.put("target", target);
        entry.put("outputs", outputs);
        profiles.put(profile, entry);
    }

    /** dbt's names take no hyphens. */
    private static String dbtName(String name) {
        return name.replace('-', '_');
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        try {
            Object data = new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
            if (data == null) {
                return new LinkedHashMap<>();
            }
            if (!(data instanceof Map<?, ?>)) {
                throw new MxcpException(file + ": expected a mapping at the top of the file");
            }
            return new LinkedHashMap<>((Map<String, Object>) data);
        } catch (IOException | org.yaml.snakeyaml.error.YAMLException e) {
            throw new MxcpException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Replaces the file in one step, so a failure never leaves half a profiles.yml. */
    private static void write(Path file, Map<String, Object> data) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(partial, yaml().dump(data), StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MxcpException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options);
    }
}

package dev.mxcp.host.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code mxcp-site.yml}: the project's own settings, as MXCP's {@code SiteConfigModel}. Defaults are filled in
 * here so the rest of the host never sees a missing section.
 */
public record SiteConfig(
        Object mxcp,
        String project,
        String profile,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> secrets,
        List<PluginRef> plugin,
        List<Extension> extensions,
        DbtConfig dbt,
        @JsonProperty("sql_tools") SqlTools sqlTools,
        Paths paths,
        Map<String, Profile> profiles,
        Guest python,
        Guest javascript,
        Sql sql,
        Gateway gateway) {

    public SiteConfig {
        Versions.check(mxcp);
        if (project == null || project.isBlank()) {
            throw new IllegalArgumentException("missing required key 'project'");
        }
        if (profile == null || profile.isBlank()) {
            throw new IllegalArgumentException("missing required key 'profile'");
        }
        secrets = secrets == null ? List.of() : secrets;
        plugin = plugin == null ? List.of() : plugin;
        extensions = extensions == null ? List.of() : extensions;
        dbt = dbt == null ? DbtConfig.DEFAULT : dbt;
        sqlTools = sqlTools == null ? new SqlTools(false, null, null, null) : sqlTools;
        paths = paths == null ? Paths.DEFAULT : paths;
        profiles = profiles == null ? Map.of() : profiles;
        python = python == null ? Guest.DEFAULT : python;
        javascript = javascript == null ? Guest.DEFAULT : javascript;
        sql = sql == null ? Sql.DEFAULT : sql;
        gateway = gateway == null ? Gateway.NONE : gateway;
    }

    /**
     * An extension of MXCP: other MCP servers that {@code mxcp serve} runs an MCP Manager for and serves beside the
     * project's endpoints (the gateway).
     *
     * @param servers server id to the manager's server config ({@code url}, {@code project}, {@code priority},
     *     {@code tags}...; checked when the server starts)
     * @param config a manager configuration file ({@code servers:}, {@code defaults:}), relative to the project
     * @param tags serve only the servers with one of these tags; all when empty
     * @param allowProcesses whether {@code command} servers (child processes) may run; false by default
     * @param policies {@code policies:} ({@code input}, {@code output}) by served name ({@code docs__search}) for one
     *     endpoint, by server id for the server's other endpoints
     */
    public record Gateway(Map<String, Object> servers, String config, List<String> tags,
                          @JsonProperty("allow_processes") Boolean allowProcesses, Map<String, Object> policies) {
        static final Gateway NONE = new Gateway(null, null, null, null, null);

        public Gateway {
            servers = servers == null ? Map.of() : servers;
            policies = policies == null ? Map.of() : policies;
            tags = tags == null ? List.of() : List.copyOf(tags);
            allowProcesses = allowProcesses != null && allowProcesses;
        }

        /** Whether there is anything to serve: servers listed here or a configuration file. */
        public boolean enabled() {
            return !servers.isEmpty() || config != null;
        }
    }

    /** The settings of {@code name}, or all defaults when the site file does not mention it. */
    public Profile profileSettings(String name) {
        return profiles.getOrDefault(name, Profile.DEFAULT);
    }

    /** A plugin instance: {@code module} holds class MXCPPlugin; {@code config} names user-config settings. */
    public record PluginRef(String name, String module, String config) {
        public PluginRef {
            if (name == null || module == null) {
                throw new IllegalArgumentException("a plugin needs both 'name' and 'module'");
            }
        }
    }

    /** A DuckDB extension, written either as a bare name or as {@code {name, repo}}. */
    public record Extension(String name, String repo) {
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public Extension(@JsonProperty("name") String name, @JsonProperty("repo") String repo) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an extension needs a 'name'");
            }
            if (repo != null && !repo.equals("community") && !repo.equals("core_nightly")) {
                throw new IllegalArgumentException("extension repo must be 'community' or 'core_nightly', got '" + repo + "'");
            }
            this.name = name;
            this.repo = repo;
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Extension of(String name) {
            return new Extension(name, null);
        }
    }

    /** dbt integration settings, read by {@code mxcp dbt-config} and {@code mxcp dbt}. */
    public record DbtConfig(
            Boolean enabled,
            @JsonProperty("model_paths") List<String> modelPaths,
            @JsonProperty("analysis_paths") List<String> analysisPaths,
            @JsonProperty("test_paths") List<String> testPaths,
            @JsonProperty("seed_paths") List<String> seedPaths,
            @JsonProperty("macro_paths") List<String> macroPaths,
            @JsonProperty("snapshot_paths") List<String> snapshotPaths,
            @JsonProperty("target_path") String targetPath,
            @JsonProperty("clean_targets") List<String> cleanTargets) {
        static final DbtConfig DEFAULT = new DbtConfig(null, null, null, null, null, null, null, null, null);

        public DbtConfig {
            enabled = enabled == null || enabled;
            modelPaths = orDefault(modelPaths, "models");
            analysisPaths = orDefault(analysisPaths, "analyses");
            testPaths = orDefault(testPaths, "tests");
            seedPaths = orDefault(seedPaths, "seeds");
            macroPaths = orDefault(macroPaths, "macros");
            snapshotPaths = orDefault(snapshotPaths, "snapshots");
            targetPath = targetPath == null ? "target" : targetPath;
            cleanTargets = cleanTargets == null ? List.of("target", "dbt_packages") : cleanTargets;
        }

        private static List<String> orDefault(List<String> value, String fallback) {
            return value == null ? List.of(fallback) : value;
        }
    }

    /** The built-in SQL tools (execute_sql_query, list_tables, get_table_schema). */
    public record SqlTools(
            Boolean enabled,
            @JsonProperty("execute_sql_query") Description executeSqlQuery,
            @JsonProperty("list_tables") Description listTables,
            @JsonProperty("get_table_schema") Description getTableSchema) {
        public SqlTools {
            enabled = enabled != null && enabled;
        }

        /** An override of a built-in tool's description. */
        public record Description(String description) {
        }
    }

    /** Where the project keeps each kind of file, relative to the project root. */
    public record Paths(String tools, String resources, String prompts, String evals, String python, String js,
                        String plugins, String sql, String drift, String audit, String data) {
        static final Paths DEFAULT = new Paths(null, null, null, null, null, null, null, null, null, null, null);

        public Paths {
            tools = tools == null ? "tools" : tools;
            resources = resources == null ? "resources" : resources;
            prompts = prompts == null ? "prompts" : prompts;
            evals = evals == null ? "evals" : evals;
            python = python == null ? "python" : python;
            js = js == null ? "js" : js;
            plugins = plugins == null ? "plugins" : plugins;
            sql = sql == null ? "sql" : sql;
            drift = drift == null ? "drift" : drift;
            audit = audit == null ? "audit" : audit;
            data = data == null ? "data" : data;
        }
    }

    /**
     * How guest code of one language runs (this host's own section; MXCP has none): how many workers (each a
     * context with its own module state and DuckDB connection), how long one call may take, where third-party
     * pure-Python (or pure-JS) packages live, and what the sandbox grants beyond its defaults.
     *
     * @param workers the most workers running at once; default the number of CPU cores
     * @param timeoutSeconds how long one call may run before it is stopped; default 60
     * @param packagesDir a folder of third-party packages put on the guest's import path, relative to the
     *     project; null means the language's default ({@code python_packages} for Python)
     */
    public record Guest(Integer workers, @JsonProperty("timeout_seconds") Integer timeoutSeconds,
                        @JsonProperty("packages_dir") String packagesDir, Allow allow) {
        static final Guest DEFAULT = new Guest(null, null, null, null);

        public Guest {
            workers = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + workers);
            }
            timeoutSeconds = timeoutSeconds == null ? 60 : timeoutSeconds;
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("timeout_seconds must be at least 1, got " + timeoutSeconds);
            }
            allow = allow == null ? Allow.NONE : allow;
        }

        /**
         * What guest code may do beyond the defaults: read the project (and the language's own library),
         * write the project's data folder, nothing else.
         *
         * @param network open network connections (default false)
         * @param processes start processes (default false)
         * @param environment see the host's environment variables (default false)
         * @param read more folders it may read, relative to the project or absolute
         * @param write more folders it may write (and read)
         */
        public record Allow(Boolean network, Boolean processes, Boolean environment, List<String> read,
                            List<String> write) {
            static final Allow NONE = new Allow(null, null, null, null, null);

            public Allow {
                network = network != null && network;
                processes = processes != null && processes;
                environment = environment != null && environment;
                read = read == null ? List.of() : read;
                write = write == null ? List.of() : write;
            }
        }
    }

    /**
     * How SQL endpoints run (this host's own section; MXCP has none).
     *
     * @param timeoutSeconds how long one SQL endpoint's statement may run before DuckDB interrupts it and the
     *     call fails saying so; default 60, as for guest calls (whose {@code db.execute} runs within their own
     *     call's timeout)
     */
    public record Sql(@JsonProperty("timeout_seconds") Integer timeoutSeconds) {
        static final Sql DEFAULT = new Sql(null);

        public Sql {
            timeoutSeconds = timeoutSeconds == null ? 60 : timeoutSeconds;
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("timeout_seconds must be at least 1, got " + timeoutSeconds);
            }
        }
    }

    /** Per-profile site settings. */
    public record Profile(DuckDb duckdb, Drift drift, Audit audit) {
        static final Profile DEFAULT = new Profile(null, null, null);

        public Profile {
            duckdb = duckdb == null ? new DuckDb(null, null) : duckdb;
            drift = drift == null ? new Drift(null) : drift;
            audit = audit == null ? new Audit(null, null, null) : audit;
        }

        /** The profile's database file (relative to the project root) and read-only flag. */
        public record DuckDb(String path, Boolean readonly) {
            public DuckDb {
                readonly = readonly != null && readonly;
            }
        }

        /** Where drift snapshots go. */
        public record Drift(String path) {
        }

        /** Audit logging settings. */
        public record Audit(Boolean enabled, String path, @JsonProperty("max_file_size") Long maxFileSize) {
            public Audit {
                enabled = enabled != null && enabled;
                maxFileSize = maxFileSize == null ? 52_428_800L : maxFileSize;
            }
        }
    }
}

package dev.mxcp.host.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The user's own configuration ({@code $MXCP_CONFIG}, else {@code ~/.mxcp/config.yml}): secrets, plugin
 * settings, auth and transport per project and profile, as MXCP's {@code UserConfigModel}.
 */
public record UserConfig(
        Object mxcp,
        Vault vault,
        OnePassword onepassword,
        Transport transport,
        Models models,
        Logging logging,
        Map<String, Project> projects) {

    public UserConfig {
        Versions.check(mxcp);
        vault = vault == null ? new Vault(null, null, null) : vault;
        onepassword = onepassword == null ? new OnePassword(null, null) : onepassword;
        transport = transport == null ? new Transport(null, null, null) : transport;
        logging = logging == null ? new Logging(null, null, null, null, null) : logging;
        projects = projects == null ? Map.of() : projects;
    }

    /** The settings of one project's profile; empty when the file does not mention it (MXCP auto-creates it). */
    public Profile profile(String project, String profile) {
        Project p = projects.get(project);
        Profile settings = p == null ? null : p.profiles().get(profile);
        return settings == null ? Profile.EMPTY : settings;
    }

    /** HashiCorp Vault access for {@code vault://} references. */
    public record Vault(Boolean enabled, String address, @JsonProperty("token_env") String tokenEnv) {
        public Vault {
            enabled = enabled != null && enabled;
            tokenEnv = tokenEnv == null ? "VAULT_TOKEN" : tokenEnv;
        }
    }

    /** 1Password access for {@code op://} references. */
    public record OnePassword(Boolean enabled, @JsonProperty("token_env") String tokenEnv) {
        public OnePassword {
            enabled = enabled != null && enabled;
            tokenEnv = tokenEnv == null ? "OP_SERVICE_ACCOUNT_TOKEN" : tokenEnv;
        }
    }

    /**
     * How {@code mxcp serve} and an embedded server serve the project, and the rate limit of tool calls (this
     * host's {@code rate_limit}). Values are as written (null when absent): {@link ServerSettings} holds the
     * defaults and resolves them with flags and builder calls.
     */
    public record Transport(String provider, Http http, @JsonProperty("rate_limit") RateLimit rateLimit) {
        public Transport {
            if (provider != null && !List.of("streamable-http", "sse", "stdio").contains(provider)) {
                throw new IllegalArgumentException(
                        "transport provider must be streamable-http, sse or stdio, got '" + provider + "'");
            }
            http = http == null ? new Http(null, null, null, null, null, null, null, null) : http;
            rateLimit = rateLimit == null ? new RateLimit(null, null, null) : rateLimit;
        }

        /**
         * How many tool calls one MCP client may make (per session; per address over stateless HTTP).
         *
         * @param enabled false turns the limit off (e.g. for load tests)
         */
        public record RateLimit(Boolean enabled, @JsonProperty("tool_calls_per_second") Integer toolCallsPerSecond,
                                Integer burst) {
            public RateLimit {
                if (toolCallsPerSecond != null && toolCallsPerSecond < 1) {
                    throw new IllegalArgumentException("tool_calls_per_second must be at least 1, got " + toolCallsPerSecond
                            + " (to turn the limit off, set enabled: false)");
                }
                if (burst != null && burst < 1) {
                    throw new IllegalArgumentException("burst must be at least 1, got " + burst);
                }
            }
        }

        /**
         * HTTP listener settings.
         *
         * @param scheme with authentication and no base URL, the scheme of this server's URL (default http)
         * @param baseUrl with authentication, this server's URL as clients reach it: what tokens must be issued
         *     for (unless {@code auth.oidc.audience}) and where its protected-resource metadata lives
         * @param trustProxy whether to take client addresses from proxy headers (refused when true: not applied)
         * @param allowedOrigins browser origins allowed besides the loopback ones (this host's addition)
         * @param allowedHosts Host header values allowed (this host's addition)
         */
        public record Http(Integer port, String host, String scheme, @JsonProperty("base_url") String baseUrl,
                           @JsonProperty("trust_proxy") Boolean trustProxy, Boolean stateless,
                           @JsonProperty("allowed_origins") List<String> allowedOrigins,
                           @JsonProperty("allowed_hosts") List<String> allowedHosts) {
            public Http {
                allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
                allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
                allowedOrigins.stream().map(Http::originProblem).filter(Objects::nonNull).findFirst().ifPresent(problem -> {
                    throw new IllegalArgumentException("allowed_origins: " + problem);
                });
                allowedHosts.stream().map(Http::hostProblem).filter(Objects::nonNull).findFirst().ifPresent(problem -> {
                    throw new IllegalArgumentException("allowed_hosts: " + problem);
                });
            }

            /** What is wrong with an allowed origin ({@code https://app.example.com[:port]} or {@code *}), or null. */
            public static String originProblem(String origin) {
                if (origin.equals("*")) {
                    return null;
                }
                try {
                    URI uri = new URI(origin.strip());
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                            && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                            && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                        return null;
                    }
                } catch (URISyntaxException e) {
                    // described below
                }
                return "'" + origin + "' is not an origin: write scheme://host[:port] (e.g. https://app.example.com), or *";
            }

            /** What is wrong with an allowed Host header value ({@code mcp.example.com[:port]}), or null. */
            public static String hostProblem(String host) {
                if (!host.isBlank() && !host.contains("/") && !host.contains("@") && host.strip().equals(host)) {
                    return null;
                }
                return "'" + host + "' is not a host: write a Host header value such as mcp.example.com or mcp.example.com:8443";
            }
        }
    }

    /** LLM models for evals. */
    public record Models(@JsonProperty("default") String defaultModel, Map<String, Model> models) {
        /** One model's connection settings. */
        public record Model(String type, @JsonProperty("api_key") String apiKey, @JsonProperty("base_url") String baseUrl,
                            Double timeout, @JsonProperty("max_retries") Integer maxRetries) {
        }
    }

    /** Log file settings. */
    public record Logging(Boolean enabled, String path, String level, @JsonProperty("max_bytes") Long maxBytes,
                          @JsonProperty("backup_count") Integer backupCount) {
        public Logging {
            enabled = enabled == null || enabled;
            level = level == null ? "WARNING" : level;
            maxBytes = maxBytes == null ? 10_485_760L : maxBytes;
            backupCount = backupCount == null ? 5 : backupCount;
        }
    }

    /** One project's profiles. */
    public record Project(Map<String, Profile> profiles) {
        public Project {
            profiles = profiles == null ? Map.of() : profiles;
        }
    }

    /** One profile: its secrets, plugin settings, auth and telemetry. */
    public record Profile(List<Secret> secrets, PluginSettings plugin, AuthConfig auth, TelemetryConfig telemetry) {
        static final Profile EMPTY = new Profile(null, null, null, null);

        public Profile {
            secrets = secrets == null ? List.of() : secrets;
            plugin = plugin == null ? new PluginSettings(null) : plugin;
            auth = auth == null ? AuthConfig.NONE : auth;
            telemetry = telemetry == null ? TelemetryConfig.DISABLED : telemetry;
        }

        /** The secret called {@code name}, or null. */
        public Secret secret(String name) {
            return secrets.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        }
    }

    /** A named secret: {@code type} says what it is for (DuckDB secret types or anything else). */
    public record Secret(String name, String type, Map<String, Object> parameters) {
        public Secret {
            if (name == null || type == null) {
                throw new IllegalArgumentException("a secret needs both 'name' and 'type'");
            }
            parameters = parameters == null ? Map.of() : parameters;
        }
    }

    /** Plugin configurations by the key a site {@code plugin:} entry names. */
    public record PluginSettings(Map<String, Map<String, String>> config) {
        public PluginSettings {
            config = config == null ? Map.of() : config;
        }
    }
}

package dev.mxcp.host.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.base.MxcpException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectConfigTest {

    @TempDir
    Path dir;

    private ProjectConfig load(ProjectConfig.Overrides overrides, String... env) {
        return ProjectConfig.load(dir, overrides, Fixtures.env(dir.resolve("home"), env));
    }

    @Test
    void fillsDefaultsFromAMinimalSiteFile() {
        Fixtures.project(dir);
        ProjectConfig config = load(ProjectConfig.Overrides.NONE);
        assertThat(config.profileName()).isEqualTo("dev");
        assertThat(config.databasePath()).isEqualTo(dir.resolve("data/db-dev.duckdb"));
        assertThat(config.readOnly()).isFalse();
        assertThat(config.site().paths().tools()).isEqualTo("tools");
        assertThat(config.site().sqlTools().enabled()).isFalse();
        assertThat(config.userProfile().secrets()).isEmpty();
    }

    @Test
    void profileComesFromTheFlagThenTheEnvironmentThenTheSiteFile() {
        Fixtures.project(dir);
        assertThat(load(new ProjectConfig.Overrides("prod", null), "MXCP_PROFILE", "staging").profileName()).isEqualTo("prod");
        assertThat(load(ProjectConfig.Overrides.NONE, "MXCP_PROFILE", "staging").profileName()).isEqualTo("staging");
        assertThat(load(ProjectConfig.Overrides.NONE, "MXCP_PROFILE", "staging").databasePath())
                .isEqualTo(dir.resolve("data/db-staging.duckdb"));
    }

    @Test
    void readOnlyAndDatabasePathFollowProfileEnvironmentAndFlag() {
        Fixtures.write(dir, "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                profiles:
                  dev:
                    duckdb:
                      path: db/main.duckdb
                      readonly: true
                """);
        ProjectConfig config = load(ProjectConfig.Overrides.NONE);
        assertThat(config.databasePath()).isEqualTo(dir.resolve("db/main.duckdb"));
        assertThat(config.readOnly()).isTrue();
        assertThat(load(ProjectConfig.Overrides.NONE, "MXCP_READONLY", "false").readOnly()).isFalse();
        assertThat(load(ProjectConfig.Overrides.NONE, "MXCP_DUCKDB_PATH", "/tmp/x.duckdb").databasePath())
                .isEqualTo(Path.of("/tmp/x.duckdb"));
        assertThat(load(ProjectConfig.Overrides.NONE, "MXCP_DUCKDB_PATH", ":memory:").databasePath()).isNull();
    }

    @Test
    void theAuditLogFollowsTheProfileAndMxcpAuditEnabled() {
        Fixtures.project(dir);
        ProjectConfig.Audit defaults = load(ProjectConfig.Overrides.NONE).audit();
        assertThat(defaults).isEqualTo(new ProjectConfig.Audit(false, dir.resolve("audit/logs-dev.jsonl"), 52_428_800L));
        assertThat(load(ProjectConfig.Overrides.NONE, "MXCP_AUDIT_ENABLED", "yes").audit().enabled()).isTrue();

        Fixtures.write(dir, "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                paths: {audit: logs}
                profiles:
                  dev:
                    audit: {enabled: true, max_file_size: 1000}
                  prod:
                    audit: {enabled: true, path: /var/log/mxcp/prod.jsonl}
                """);
        assertThat(load(ProjectConfig.Overrides.NONE).audit())
                .isEqualTo(new ProjectConfig.Audit(true, dir.resolve("logs/logs-dev.jsonl"), 1000L));
        assertThat(load(ProjectConfig.Overrides.NONE, "MXCP_AUDIT_ENABLED", "false").audit().enabled()).isFalse();
        assertThat(load(ProjectConfig.Overrides.NONE, "MXCP_AUDIT_ENABLED", "maybe").audit().enabled()).isTrue();
        assertThat(load(new ProjectConfig.Overrides("prod", null)).audit().path()).isEqualTo(Path.of("/var/log/mxcp/prod.jsonl"));
    }

    @Test
    void readOnlyFlagWinsOverProfile() {
        Fixtures.project(dir);
        assertThat(load(new ProjectConfig.Overrides(null, true)).readOnly()).isTrue();
        assertThat(load(ProjectConfig.Overrides.NONE, "MXCP_READONLY", "yes").readOnly()).isTrue();
    }

    @Test
    void unknownSiteKeyIsReportedWithFileLineColumnAndKeyPath() {
        Fixtures.write(dir, "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                profiles:
                  dev:
                    duckdb:
                      pth: x.duckdb
                """);
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mxcp-site.yml:7:7: profiles.dev.duckdb.pth: unknown key (expected one of: path, readonly)");
    }

    @Test
    void pythonSettingsHaveDefaultsAndGrants() {
        Fixtures.project(dir);
        SiteConfig.Guest defaults = load(ProjectConfig.Overrides.NONE).site().python();
        assertThat(defaults.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(defaults.timeoutSeconds()).isEqualTo(60);
        assertThat(defaults.allow().network()).isFalse();
        Fixtures.write(dir, "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                python:
                  workers: 3
                  timeout_seconds: 5
                  packages_dir: vendor
                  allow: {network: true, read: [/opt/shared]}
                """);
        SiteConfig.Guest python = load(ProjectConfig.Overrides.NONE).site().python();
        assertThat(python).isEqualTo(new SiteConfig.Guest(3, 5, "vendor",
                new SiteConfig.Guest.Allow(true, false, false, List.of("/opt/shared"), List.of())));
    }

    @Test
    void unknownPythonSettingIsAnError() {
        Fixtures.write(dir, "mxcp-site.yml", "mxcp: 1\nproject: demo\nprofile: dev\npython:\n  allow: {sockets: true}\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE))
                .hasMessageContaining("mxcp-site.yml:5:11: python.allow.sockets: unknown key (expected one of:"
                        + " environment, network, processes, read, write)");
    }

    @Test
    void theSqlTimeoutDefaultsToAMinuteAndMustBePositive() {
        Fixtures.write(dir, "mxcp-site.yml", "mxcp: 1\nproject: demo\nprofile: dev\n");
        assertThat(load(ProjectConfig.Overrides.NONE).site().sql().timeoutSeconds()).isEqualTo(60);
        Fixtures.write(dir, "mxcp-site.yml", "mxcp: 1\nproject: demo\nprofile: dev\nsql:\n  timeout_seconds: 0\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE))
                .hasMessageContaining("mxcp-site.yml:5:3: sql: timeout_seconds must be at least 1, got 0");
    }

    @Test
    void wrongTypeIsReportedWithItsLocation() {
        Fixtures.write(dir, "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                profiles:
                  dev:
                    duckdb:
                      readonly: [yes]
                """);
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE))
                .hasMessageContaining("mxcp-site.yml:7:17: profiles.dev.duckdb.readonly: expected a boolean, got a list");
    }

    @Test
    void missingRequiredKeyIsNamed() {
        Fixtures.write(dir, "mxcp-site.yml", "mxcp: 1\nprofile: dev\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE))
                .hasMessageContaining("mxcp-site.yml:1:1: missing required key 'project'");
    }

    @Test
    void yamlSyntaxErrorsHaveALocation() {
        Fixtures.write(dir, "mxcp-site.yml", "mxcp: 1\nproject: [demo\nprofile: dev\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageMatching(".*mxcp-site.yml:\\d+:\\d+: invalid YAML: .*");
    }

    @Test
    void duplicateKeysAreRejected() {
        Fixtures.write(dir, "mxcp-site.yml", "mxcp: 1\nproject: demo\nproject: other\nprofile: dev\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE))
                .hasMessageContaining("mxcp-site.yml:3:1: invalid YAML: found duplicate key project");
    }

    @Test
    void oldVersionStringExplainsTheMigration() {
        Fixtures.write(dir, "mxcp-site.yml", "mxcp: \"1.0.0\"\nproject: demo\nprofile: dev\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE)).hasMessageContaining("write 'mxcp: 1'");
    }

    @Test
    void extensionsAndSecretsAcceptTheirShortForms() {
        Fixtures.write(dir, "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                secrets: api_key
                extensions:
                  - json
                  - name: h3
                    repo: community
                """);
        SiteConfig site = load(ProjectConfig.Overrides.NONE).site();
        assertThat(site.secrets()).containsExactly("api_key");
        assertThat(site.extensions()).containsExactly(new SiteConfig.Extension("json", null),
                new SiteConfig.Extension("h3", "community"));
    }

    @Test
    void userConfigResolvesEnvironmentAndFileReferencesInTheActiveProfile() {
        Fixtures.project(dir);
        Fixtures.write(dir, "token.txt", "s3cr3t\n");
        Path userFile = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        secrets:
                          - name: api
                            type: http
                            parameters:
                              BEARER_TOKEN: "Bearer ${API_TOKEN}"
                              FILE_TOKEN: file://token.txt
                      prod:
                        secrets:
                          - name: api
                            type: http
                            parameters:
                              BEARER_TOKEN: "${UNSET_IN_TESTS}"
                """);
        ProjectConfig config = load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString(), "API_TOKEN", "abc");
        assertThat(config.userProfile().secret("api").parameters())
                .containsEntry("BEARER_TOKEN", "Bearer abc")
                .containsEntry("FILE_TOKEN", "s3cr3t");
    }

    @Test
    void missingEnvironmentVariableIsNamedWithItsLocation() {
        Fixtures.project(dir);
        Path userFile = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        secrets:
                          - name: api
                            type: http
                            parameters:
                              token: ${API_TOKEN}
                """);
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString()))
                .hasMessageContaining("config.yml:10:22: projects.demo.profiles.dev.secrets[0].parameters.token:"
                        + " environment variable 'API_TOKEN' is not set");
    }

    @Test
    void vaultAndOnePasswordReferencesSayTheyAreNotSupported() {
        Fixtures.project(dir);
        Path userFile = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        secrets:
                          - name: api
                            type: http
                            parameters:
                              a: vault://secret/app#key
                """);
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString()))
                .hasMessageContaining("vault:// references are not supported yet");
        Fixtures.write(dir, "config.yml", "mxcp: 1\ntransport:\n  http:\n    host: op://vault/item/field\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString()))
                .hasMessageContaining("config.yml:4:11: transport.http.host: op:// (1Password) references are not supported yet");
    }

    @Test
    void missingUserConfigNamedByMxcpConfigIsAnError() {
        Fixtures.project(dir);
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", dir.resolve("nope.yml").toString()))
                .isInstanceOf(MxcpException.class)
                .hasMessageContaining("MXCP user config not found at").hasMessageContaining("MXCP_CONFIG");
    }

    @Test
    void unknownUserConfigKeyIsReported() {
        Fixtures.project(dir);
        Path userFile = Fixtures.write(dir, "config.yml", "mxcp: 1\ntransport:\n  provider: stdio\n  prot: 9\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString()))
                .hasMessageContaining("config.yml:4:3: transport.prot: unknown key");
    }

    @Test
    void allowedOriginsAndHostsAreReadAndChecked() {
        Fixtures.project(dir);
        Path userFile = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                transport:
                  http:
                    allowed_origins: [https://app.example.com, "*"]
                    allowed_hosts: [mcp.example.com:8443]
                """);
        UserConfig.Transport.Http http = load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString())
                .user().transport().http();
        assertThat(http.allowedOrigins()).containsExactly("https://app.example.com", "*");
        assertThat(http.allowedHosts()).containsExactly("mcp.example.com:8443");

        Fixtures.write(dir, "config.yml", "mxcp: 1\ntransport:\n  http:\n    allowed_origins: [app.example.com]\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString()))
                .hasMessageContaining("config.yml:4:5: transport.http: allowed_origins: 'app.example.com' is not an origin:"
                        + " write scheme://host[:port] (e.g. https://app.example.com), or *");
        Fixtures.write(dir, "config.yml", "mxcp: 1\ntransport:\n  http:\n    allowed_hosts: [https://mcp.example.com]\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString()))
                .hasMessageContaining("config.yml:4:5: transport.http: allowed_hosts: 'https://mcp.example.com' is not a host");
    }

    @Test
    void theRateLimitIsReadAndChecked() {
        Fixtures.project(dir);
        Path userFile = Fixtures.write(dir, "config.yml", "mxcp: 1\ntransport:\n  rate_limit:\n    tool_calls_per_second: 5\n");
        ServerSettings settings = ServerSettings.resolve(load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG",
                userFile.toString()), ServerSettings.Overrides.NONE);
        assertThat(settings.toolCallsPerSecond()).isEqualTo(5);
        assertThat(settings.toolCallBurst()).as("twice the rate").isEqualTo(10);

        Fixtures.write(dir, "config.yml", "mxcp: 1\ntransport:\n  rate_limit:\n    tool_calls_per_second: 0\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString()))
                .hasMessageContaining("config.yml:4:5: transport.rate_limit: tool_calls_per_second must be at least 1,"
                        + " got 0 (to turn the limit off, set enabled: false)");
        Fixtures.write(dir, "config.yml", "mxcp: 1\ntransport:\n  rate_limit:\n    burst: many\n");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString()))
                .hasMessageContaining("config.yml:4:12: transport.rate_limit.burst: expected an integer, got string 'many'");
    }

    @Test
    void authSettingsAreReadStrictly() {
        Fixtures.project(dir);
        Path userFile = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        auth:
                          provider: github
                          github:
                            client_id: abc
                            client_secret: xyz
                            callback_path: /github/callback
                            auth_url: https://github.com/login/oauth/authorize
                            token_url: https://github.com/login/oauth/access_token
                """);
        ProjectConfig config = load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString());
        assertThat(config.userProfile().auth().provider()).isEqualTo(AuthConfig.Provider.GITHUB);
        assertThat(config.userProfile().auth().github().clientId()).isEqualTo("abc");

        Fixtures.write(dir, "config.yml", """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        auth:
                          provider: github
                          requred_scopes: [admin]
                """);
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString()))
                .hasMessageContaining("config.yml:8:11: projects.demo.profiles.dev.auth.requred_scopes: unknown key");
    }

    @Test
    void projectRootIsTheNearestParentWithASiteFile() {
        Fixtures.project(dir);
        Path nested = Fixtures.write(dir, "tools/sub/x.yml", "").getParent();
        assertThat(ProjectConfig.findRoot(nested)).isEqualTo(dir.toAbsolutePath().normalize());
        assertThatThrownBy(() -> ProjectConfig.findRoot(Path.of("/")))
                .hasMessageContaining("no mxcp-site.yml found");
    }

    @Test
    void defaultsWhenTheUserHasNoConfigFile() {
        Fixtures.project(dir);
        Map<String, Object> userData = load(ProjectConfig.Overrides.NONE).userData();
        assertThat(userData).isEmpty();
    }

    @Test
    void telemetryIsOffUnlessTheProfileOrMxcpTelemetryEnabledTurnsItOn() {
        Fixtures.project(dir);
        assertThat(load(ProjectConfig.Overrides.NONE).telemetry()).isEqualTo(TelemetrySettings.OFF);
        // the OTEL variables alone do not enable it, as in MXCP
        assertThat(load(ProjectConfig.Overrides.NONE, "OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318")
                .telemetry().enabled()).isFalse();
        TelemetrySettings fromEnv = load(ProjectConfig.Overrides.NONE, "MXCP_TELEMETRY_ENABLED", "yes",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318", "OTEL_SERVICE_NAME", "svc",
                "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer t0k, x-team = a=b",
                "OTEL_RESOURCE_ATTRIBUTES", "team=platform,region=eu", "MXCP_TELEMETRY_METRICS_INTERVAL", "15").telemetry();
        assertThat(fromEnv).isEqualTo(new TelemetrySettings(true, "http://localhost:4318",
                Map.of("Authorization", "Bearer t0k", "x-team", "a=b"), "svc", ProjectConfig.version(), "dev",
                Map.of("mxcp.project", "demo", "mxcp.profile", "dev", "team", "platform", "region", "eu"),
                true, false, true, 15));
        assertThat(fromEnv.resourceAttributes().keySet()).containsExactly("mxcp.project", "mxcp.profile", "team", "region");
    }

    @Test
    void telemetryFromTheProfileWithHeaderReferencesAndTheEnvironmentWinningKeyByKey() {
        Fixtures.project(dir);
        Path userFile = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        telemetry:
                          enabled: true
                          endpoint: http://collector:4318
                          service_name: orders
                          environment: production
                          headers: {Authorization: "Bearer ${OTEL_TOKEN}"}
                          tracing: {enabled: true, console_export: true}
                          metrics: {enabled: false, export_interval: 30}
                """);
        TelemetrySettings file = load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString(),
                "OTEL_TOKEN", "s3cret").telemetry();
        assertThat(file).isEqualTo(new TelemetrySettings(true, "http://collector:4318",
                Map.of("Authorization", "Bearer s3cret"), "orders", ProjectConfig.version(), "production",
                Map.of("mxcp.project", "demo", "mxcp.profile", "dev"), true, true, false, 30));
        TelemetrySettings overridden = load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString(),
                "OTEL_TOKEN", "s3cret", "OTEL_EXPORTER_OTLP_ENDPOINT", "https://otlp.example.com",
                "MXCP_TELEMETRY_TRACING_CONSOLE", "false").telemetry();
        assertThat(overridden.endpoint()).isEqualTo("https://otlp.example.com");
        assertThat(overridden.consoleExport()).isFalse();
        assertThat(overridden.serviceName()).isEqualTo("orders");
        assertThat(overridden.exportIntervalSeconds()).isEqualTo(30);
        assertThat(load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString(), "OTEL_TOKEN", "x",
                "MXCP_TELEMETRY_ENABLED", "0").telemetry()).isEqualTo(TelemetrySettings.OFF);
    }

    @Test
    void aTelemetryValueThatCannotBeAppliedIsOneLineNamingItsPlace() {
        Fixtures.project(dir);
        Path userFile = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        telemetry:
                          enabled: true
                          metrics: {export_interval: 0}
                """);
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_CONFIG", userFile.toString()))
                .hasMessageContaining("config.yml:8:38: projects.demo.profiles.dev.telemetry.metrics.export_interval:"
                        + " expected a number of seconds, at least 1");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_TELEMETRY_ENABLED", "true",
                "MXCP_TELEMETRY_METRICS_INTERVAL", "soon"))
                .isInstanceOf(MxcpException.class)
                .hasMessage("environment variable MXCP_TELEMETRY_METRICS_INTERVAL=soon: expected a whole number of"
                        + " seconds, at least 1");
        assertThatThrownBy(() -> load(ProjectConfig.Overrides.NONE, "MXCP_TELEMETRY_ENABLED", "true",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"))
                .hasMessage("environment variable OTEL_EXPORTER_OTLP_ENDPOINT=collector:4318: expected an http:// or"
                        + " https:// URL");
    }
}

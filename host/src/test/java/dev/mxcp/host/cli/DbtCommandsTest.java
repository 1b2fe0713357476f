package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** {@code mxcp dbt-config} and {@code mxcp dbt}, with a real dbt stand-in (a shell script) on the PATH. */
class DbtCommandsTest {

    @TempDir
    Path dir;

    Path project;
    Path home;
    Map<String, String> env;

    @BeforeEach
    void writeProject() {
        project = Fixtures.write(dir.resolve("p"), "mxcp-site.yml", """
                mxcp: 1
                project: shop-data
                profile: dev
                profiles:
                  dev:
                    duckdb: {path: data/shop.duckdb}
                """).getParent();
        home = dir.resolve("home");
        Path userConfig = Fixtures.write(home, ".mxcp/config.yml", """
                mxcp: 1
                projects:
                  shop-data:
                    profiles:
                      dev:
                        secrets:
                          - name: api
                            type: http
                            parameters: {BEARER_TOKEN: "${API_TOKEN}"}
                          - name: partner
                            type: http
                            parameters:
                              EXTRA_HTTP_HEADERS: {X-Key: k-123}
                """);
        env = Fixtures.env(home, "MXCP_CONFIG", userConfig.toString(), "API_TOKEN", "tok-456",
                "PATH", dir.resolve("bin") + ":/usr/bin:/bin");
    }

    private CliRun mxcp(String... args) {
        return CliRun.inProject(env, project, args);
    }

    private CliRun dbt(String... dbtArgs) {
        String[] args = new String[dbtArgs.length + 3];
        args[0] = "dbt";
        args[1] = "--project";
        args[2] = project.toString();
        System.arraycopy(dbtArgs, 0, args, 3, dbtArgs.length);
        return CliRun.of(env, args);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dbtConfigWritesAProfileThatReadsTheSecretsFromTheEnvironment() throws Exception {
        CliRun run = mxcp("dbt-config");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("dbt CLI is not installed");

        Map<String, Object> profiles = new Yaml().load(Files.readString(home.resolve(".dbt/profiles.yml")));
        Map<String, Object> profile = (Map<String, Object>) profiles.get("shop_data_dev");
        assertThat(profile).containsEntry("target", "dev");
        Map<String, Object> output = (Map<String, Object>) ((Map<String, Object>) profile.get("outputs")).get("dev");
        assertThat(output).containsEntry("type", "duckdb")
                .containsEntry("path", project.resolve("data/shop.duckdb").toAbsolutePath().toString());
        assertThat(output.get("secrets").toString())
                .contains("'Authorization': 'Bearer {{ env_var('MXCP_SECRET_API_BEARER_TOKEN') }}'")
                .contains("'X-Key': '{{ env_var('MXCP_SECRET_PARTNER_EXTRA_HTTP_HEADERS_X-KEY') }}'")
                .doesNotContain("tok-456").doesNotContain("k-123");

        Map<String, Object> dbtProject = new Yaml().load(Files.readString(project.resolve("dbt_project.yml")));
        assertThat(dbtProject).containsEntry("name", "shop_data").containsEntry("profile", "shop_data_dev")
                .containsEntry("model-paths", java.util.List.of("models"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anExistingProfileNeedsForceAndTheUsersOtherProfilesStay() throws Exception {
        Fixtures.write(home, ".dbt/profiles.yml", "other:\n  target: x\n  outputs: {x: {type: postgres}}\n");
        assertThat(mxcp("dbt-config").exitCode()).isZero();
        CliRun again = mxcp("dbt-config");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("Profile 'shop_data_dev' already exists").contains("--force");
        assertThat(mxcp("dbt-config", "--force").exitCode()).isZero();
        Map<String, Object> profiles = new Yaml().load(Files.readString(home.resolve(".dbt/profiles.yml")));
        assertThat(profiles).containsKeys("other", "shop_data_dev");
    }

    @Test
    void embeddingSecretsNeedsForceAndADryRunWritesNothing() {
        CliRun refused = mxcp("dbt-config", "--embed-secrets");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--embed-secrets requires --force");

        CliRun dry = mxcp("dbt-config", "--embed-secrets", "--force", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Bearer tok-456").contains("shop_data_dev");
        assertThat(home.resolve(".dbt/profiles.yml")).doesNotExist();
        assertThat(project.resolve("dbt_project.yml")).doesNotExist();
    }

    @Test
    void anInMemoryDatabaseIsNotForDbt() {
        Fixtures.write(project, "mxcp-site.yml", "mxcp: 1\nproject: shop-data\nprofile: dev\n"
                + "profiles:\n  dev:\n    duckdb: {path: \":memory:\"}\n");
        CliRun run = mxcp("dbt-config");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("No DuckDB path configured for profile 'dev'");
    }

    @Test
    void dbtRunsInTheProjectWithTheSecretsAndItsOwnArgumentsAndExitCode() throws Exception {
        // its environment as the process got it: sh drops a name with '-' from what it passes on
        Path dbt = Fixtures.write(dir, "bin/dbt", """
                #!/bin/sh
                echo "args: $*"
                echo "cwd: $(pwd)"
                tr '\\0' '\\n' < /proc/$$/environ | grep '^MXCP_SECRET_' | sort
                [ "$1" = "fail" ] && exit 3
                exit 0
                """);
        Files.setPosixFilePermissions(dbt, PosixFilePermissions.fromString("rwxr-xr-x"));

        // mxcp's own options come before dbt's first word; everything after it is dbt's
        CliRun run = dbt("run", "--select", "orders", "--full-refresh");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("args: run --select orders --full-refresh")
                .contains("cwd: " + project.toRealPath())
                .contains("MXCP_SECRET_API_BEARER_TOKEN=tok-456\nMXCP_SECRET_PARTNER_EXTRA_HTTP_HEADERS_X-KEY=k-123\n");

        CliRun failed = dbt("fail");
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.err()).contains("dbt failed with exit code 3");
    }

    @Test
    void withoutDbtOnThePathOneLineSaysSo() {
        CliRun run = dbt("run");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("dbt CLI is not installed or not available in PATH").doesNotContain("\tat ");
    }
}

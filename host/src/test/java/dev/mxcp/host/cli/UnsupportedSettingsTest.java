package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.base.MxcpException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fail closed: a project setting something this runtime does not apply yet is refused by {@code mxcp serve},
 * {@code run}, {@code test}, {@code query} and the embedding builder with one line naming the file and key,
 * while {@code list} and {@code validate} still work. When a setting becomes applied, drop its case here and
 * test what it does instead.
 */
@Timeout(120)
class UnsupportedSettingsTest {

    /**
     * One refused setting: the files that set it and the line expected.
     *
     * @param site extra lines for mxcp-site.yml (project demo, profile dev), or ""
     * @param user the user configuration (named by MXCP_CONFIG), or null for none
     * @param env extra environment variables, name then value
     * @param expected what the one line must contain, in order: file (or variable), position and key
     */
    record Case(String name, String site, String user, String[] env, String endpoint, String... expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String ISSUER_MODE = """
            mxcp: 1
            projects:
              demo:
                profiles:
                  dev:
                    auth:
                      provider: github
                      github:
                        client_id: mxcp-server
                        client_secret: not-used
                        callback_path: /github/callback
            """;

    static Stream<Case> refused() {
        return Stream.of(
                new Case("auth in issuer mode (the default mode)", "", ISSUER_MODE, new String[0], null,
                        "config.yml:7:21: projects.demo.profiles.dev.auth.provider: not supported yet: issuer mode"
                                + " through provider 'github' (issuer mode logs users in through provider oidc or"
                                + " keycloak only)"),
                new Case("auth.persistence (issuer mode keeps tokens in memory)", "", """
                        mxcp: 1
                        projects:
                          demo:
                            profiles:
                              dev:
                                auth:
                                  provider: oidc
                                  oidc:
                                    config_url: https://auth.example.com/.well-known/openid-configuration
                                    client_id: mxcp-server
                                    client_secret: upstream-secret
                                    scope: openid
                                    callback_path: /oidc/callback
                                  persistence: {type: sqlite, path: /tmp/oauth.db}
                        """, new String[0], null,
                        "config.yml:14:24: projects.demo.profiles.dev.auth.persistence: not supported yet: persistence"
                                + " of issued tokens and registered clients"),
                new Case("transport.http.trust_proxy", "", "mxcp: 1\ntransport:\n  http:\n    trust_proxy: true\n",
                        new String[0], null, "config.yml:4:18: transport.http.trust_proxy: not supported yet"),
                new Case("vault.enabled", "", "mxcp: 1\nvault:\n  enabled: true\n  address: https://vault.example.com\n",
                        new String[0], null, "config.yml:3:12: vault.enabled: not supported yet: HashiCorp Vault"),
                new Case("logging.path", "", "mxcp: 1\nlogging:\n  path: /tmp/mxcp.log\n", new String[0], null,
                        "config.yml:3:9: logging.path: not supported yet: a log file")
                );
    }

    @TempDir
    Path dir;

    /** Writes the case's project (with one plain tool and a test) and returns its environment. */
    private Map<String, String> write(Case c) {
        Fixtures.write(dir.resolve("p"), "mxcp-site.yml", "mxcp: 1\nproject: demo\nprofile: dev\n" + c.site());
        Fixtures.write(dir.resolve("p"), "tools/one.yml", """
                mxcp: 1
                tool:
                  name: one
                  return: {type: integer}
                  source: {code: SELECT 1}
                  tests:
                    - {name: is one, arguments: [], result: 1}
                """);
        if (c.endpoint() != null) {
            Fixtures.write(dir.resolve("p"), "tools/guarded.yml", c.endpoint());
        }
        Map<String, String> env = new HashMap<>(Fixtures.env(dir.resolve("home"), c.env()));
        if (c.user() != null) {
            env.put("MXCP_CONFIG", Fixtures.write(dir, "config.yml", c.user()).toString());
        }
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void serveRunTestAndQueryExitOneWithOneLineNamingTheFileAndKey(Case c) {
        Map<String, String> env = write(c);
        for (String[] command : new String[][] {{"serve", "--port", "0"}, {"serve", "--transport", "stdio"},
                {"run", "tool", "one"}, {"test"}, {"query", "SELECT 1"}}) {
            CliRun run = CliRun.inProject(env, dir.resolve("p"), command);
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(run.out()).as(String.join(" ", command)).isEmpty();
            assertThat(run.err()).as(String.join(" ", command)).startsWith("Error: ").endsWith("\n")
                    .containsSubsequence(c.expected()).contains("not supported yet")
                    .doesNotContain("at dev.").doesNotContain("WARN");
            assertThat(run.err().strip().lines()).as(String.join(" ", command)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void theEmbeddingBuilderThrowsTheSameLine(Case c) {
        Map<String, String> env = write(c);
        assertThatThrownBy(() -> Mxcp.builder().project(dir.resolve("p")).environment(env).build())
                .isInstanceOf(MxcpException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsSubsequence(c.expected()).doesNotContain("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void listAndValidateStillWork(Case c) {
        Map<String, String> env = write(c);
        CliRun list = CliRun.inProject(env, dir.resolve("p"), "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("one");
        CliRun validate = CliRun.inProject(env, dir.resolve("p"), "validate");
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
    }

    @Test
    void switchedOffSettingsAreNotRefused() {
        Map<String, String> env = write(new Case("off", """
                sql_tools: {enabled: false, list_tables: {description: Tables}}
                """, """
                mxcp: 1
                vault: {enabled: false, address: https://vault.example.com}
                logging: {enabled: false, path: /tmp/mxcp.log}
                projects:
                  demo:
                    profiles:
                      dev:
                        auth: {provider: none, github: {client_id: x, client_secret: y}}
                        telemetry: {enabled: true}
                      other:
                        auth: {provider: github}
                """, new String[] {"MXCP_TELEMETRY_ENABLED", "false"}, """
                mxcp: 1
                tool:
                  name: guarded
                  enabled: false
                  source: {code: SELECT 1 AS x}
                  policies:
                    input:
                      - {condition: "true", action: deny}
                """));
        CliRun run = CliRun.inProject(env, dir.resolve("p"), "run", "tool", "one");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("1");
    }
}

package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
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
 * The user configuration's {@code auth} section: an OIDC verifier is served (BearerAuthTest checks its tokens),
 * and issuer mode through an OIDC provider (IssuerFlowTest logs users in); one that cannot work stops
 * {@code mxcp serve} with one line naming the file and key, before anything listens. {@code run} and stdio have no HTTP caller to authenticate: they take {@code --user-context} or none.
 */
@Timeout(120)
class AuthSettingsTest {

    @TempDir
    Path dir;

    /** A user configuration whose dev profile of project demo has this {@code auth} section (indented 8). */
    static String withAuth(String auth) {
        return "mxcp: 1\nprojects:\n  demo:\n    profiles:\n      dev:\n        auth:\n"
                + auth.indent(10);
    }

    static final String VERIFIER = withAuth("""
            provider: oidc
            mode: verifier
            oidc:
              config_url: https://auth.example.com/.well-known/openid-configuration
              client_id: mxcp-server
              client_secret: used-only-to-introspect-opaque-tokens-elsewhere
              scope: openid profile
            """);

    record Case(String name, String user, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> broken() {
        return Stream.of(
                new Case("a verifier of another provider", withAuth("provider: github\nmode: verifier\n"),
                        "config.yml:7:21: projects.demo.profiles.dev.auth.provider: verifier mode checks tokens with"
                                + " provider oidc only, not 'github'"),
                new Case("no oidc section", withAuth("provider: oidc\nmode: verifier\n"),
                        "config.yml:7:11: projects.demo.profiles.dev.auth: the OIDC verifier needs oidc.config_url"),
                new Case("no config_url", withAuth("provider: oidc\nmode: verifier\noidc: {audience: x}\n"),
                        "projects.demo.profiles.dev.auth.oidc: the OIDC verifier needs oidc.config_url"),
                new Case("keys over plain http from another machine", withAuth("""
                        provider: oidc
                        mode: verifier
                        oidc: {config_url: "http://auth.example.com/.well-known/openid-configuration"}
                        """), "projects.demo.profiles.dev.auth.oidc.config_url: 'http://auth.example.com/.well-known/"
                        + "openid-configuration' must use https (plain http only to this machine)"),
                new Case("not a discovery URL", withAuth("""
                        provider: oidc
                        mode: verifier
                        oidc: {config_url: "https://auth.example.com/jwks"}
                        """), "projects.demo.profiles.dev.auth.oidc.config_url: expected the issuer's discovery URL"),
                new Case("claim mappings that map nothing", withAuth("""
                        provider: oidc
                        mode: verifier
                        oidc:
                          config_url: https://auth.example.com/.well-known/openid-configuration
                          claim_mappings: {roles: admin}
                        """), "projects.demo.profiles.dev.auth.oidc.claim_mappings.roles: expected a mapping from"
                        + " claim values to lists of capabilities"),
                new Case("issuer mode without its oidc section", withAuth("provider: oidc\n"),
                        "config.yml:7:11: projects.demo.profiles.dev.auth: provider oidc needs its 'oidc' section"),
                new Case("issuer mode without the client secret", withAuth("""
                        provider: oidc
                        oidc:
                          config_url: https://auth.example.com/.well-known/openid-configuration
                          client_id: mxcp-server
                          scope: openid
                          callback_path: /oidc/callback
                        """), "projects.demo.profiles.dev.auth.oidc: issuer mode needs oidc.client_secret"),
                new Case("issuer mode without openid", withAuth(ISSUER_AUTH.replace("scope: openid profile", "scope: profile")),
                        "projects.demo.profiles.dev.auth.oidc.scope: must include openid"),
                new Case("a callback path the server uses", withAuth(ISSUER_AUTH.replace("/oidc/callback", "/token")),
                        "projects.demo.profiles.dev.auth.oidc.callback_path: expected a path of this server of its own"),
                new Case("a client sent back in the clear", withAuth(ISSUER_AUTH + """
                        clients:
                          - client_id: app
                            name: App
                            redirect_uris: ["http://app.example.com/callback"]
                        """), "projects.demo.profiles.dev.auth.clients[0].redirect_uris[0]: 'http://app.example.com/"
                        + "callback' must use https (plain http only to localhost or 127.0.0.1)"),
                new Case("a keycloak without its realm", withAuth("""
                        provider: keycloak
                        keycloak: {server_url: "https://kc.example.com", client_id: a, client_secret: b,
                                   callback_path: /kc/callback}
                        """), "projects.demo.profiles.dev.auth.keycloak: issuer mode needs keycloak.realm"));
    }

    /** Issuer mode through a generic OIDC provider (the login itself: IssuerFlowTest). */
    static final String ISSUER_AUTH = """
            provider: oidc
            oidc:
              config_url: https://auth.example.com/.well-known/openid-configuration
              client_id: mxcp-server
              client_secret: upstream-secret
              scope: openid profile
              callback_path: /oidc/callback
            """;

    private Map<String, String> project(String user) {
        Fixtures.write(dir.resolve("p"), "mxcp-site.yml", "mxcp: 1\nproject: demo\nprofile: dev\n");
        Fixtures.write(dir.resolve("p"), "tools/me.yml", """
                mxcp: 1
                tool:
                  name: me
                  return: {type: string}
                  source: {code: "SELECT coalesce(get_username(), 'nobody') AS who"}
                """);
        Map<String, String> env = new HashMap<>(Fixtures.env(dir.resolve("home")));
        env.put("MXCP_CONFIG", Fixtures.write(dir, "config.yml", user).toString());
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void anAuthSectionThatCannotWorkStopsServeWithOneLine(Case c) {
        CliRun run = CliRun.inProject(project(c.user()), dir.resolve("p"), "serve", "--port", "0");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: ").contains(c.expected()).doesNotContain("at dev.");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void onAnotherAddressThanLoopbackTheServersUrlMustBeConfigured() {
        CliRun run = CliRun.inProject(project(VERIFIER), dir.resolve("p"), "serve", "--host", "0.0.0.0", "--port", "0");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: authentication on 0.0.0.0 needs this server's URL, which tokens must"
                + " be issued for: set transport.http.base_url (e.g. https://mcp.example.com) or auth.oidc.audience"
                + " in the user configuration\n");
    }

    @Test
    void inIssuerModeOnAnotherAddressThanLoopbackTheBaseUrlMustBeConfigured() {
        CliRun run = CliRun.inProject(project(withAuth(ISSUER_AUTH)), dir.resolve("p"), "serve", "--host", "0.0.0.0",
                "--port", "0");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: authentication on 0.0.0.0 needs this server's URL, which tokens must"
                + " be issued for: set transport.http.base_url (e.g. https://mcp.example.com) in the user"
                + " configuration\n");
    }

    @Test
    void runHasNoHttpCallerAndTakesTheUserContextInstead() {
        Map<String, String> env = project(VERIFIER);
        CliRun anonymous = CliRun.inProject(env, dir.resolve("p"), "run", "tool", "me");
        assertThat(anonymous.exitCode()).as(anonymous.err()).isZero();
        assertThat(anonymous.out().strip()).isEqualTo("nobody");
        CliRun alice = CliRun.inProject(env, dir.resolve("p"), "run", "tool", "me", "--user-context",
                "{\"username\": \"alice\"}");
        assertThat(alice.exitCode()).as(alice.err()).isZero();
        assertThat(alice.out().strip()).isEqualTo("alice");
    }
}

package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** {@code mxcp init} through the real command line, on folders under a temporary directory. */
class InitCommandTest {

    @TempDir
    Path dir;

    Map<String, String> env;

    @BeforeEach
    void isolatedHome() {
        env = Fixtures.env(dir.resolve("home"));
    }

    private static Map<String, Object> siteFile(Path project) throws Exception {
        return new Yaml().load(Files.readString(project.resolve("mxcp-site.yml")));
    }

    @Test
    void createsTheSiteFileFoldersAndDatabase() throws Exception {
        Path project = dir.resolve("weather");
        CliRun run = CliRun.of(env, "init", project.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(siteFile(project)).isEqualTo(Map.of("mxcp", 1, "project", "weather", "profile", "default"));
        for (String folder : InitCommand.DIRECTORIES) {
            assertThat(project.resolve(folder)).isDirectory();
        }
        assertThat(project.resolve("data/db-default.duckdb")).isRegularFile();
        assertThat(project.resolve("server_config.json")).doesNotExist();
        assertThat(project.resolve("tools")).isEmptyDirectory();
        assertThat(run.out()).contains("✓ Created mxcp-site.yml\n", "✓ Created project directories\n",
                "✓ Initialized DuckDB database\n", "ℹ️  Skipped Claude Desktop configuration generation\n",
                "✨ MXCP project initialized successfully!", "📁 Project Structure:", "   " + project + "/\n",
                "🚀 Next Steps:", "# Create your first tool in tools/", "   mxcp serve\n");
        assertThat(run.out()).doesNotContain("hello_world", "Warning");
    }

    @Test
    void projectAndProfileNamesFromFlagsOrEnvironment() throws Exception {
        Path named = dir.resolve("a");
        assertThat(CliRun.of(env, "init", named.toString(), "--project", "my-custom-project", "--profile", "dev").exitCode()).isZero();
        assertThat(siteFile(named)).containsEntry("project", "my-custom-project").containsEntry("profile", "dev");
        assertThat(named.resolve("data/db-dev.duckdb")).isRegularFile();

        Path fromEnv = dir.resolve("b");
        Map<String, String> prod = Fixtures.env(dir.resolve("home"), "MXCP_PROFILE", "prod");
        assertThat(CliRun.of(prod, "init", fromEnv.toString()).exitCode()).isZero();
        assertThat(siteFile(fromEnv)).containsEntry("project", "b").containsEntry("profile", "prod");
        assertThat(fromEnv.resolve("data/db-prod.duckdb")).isRegularFile();
    }

    @Test
    void bootstrapMakesAProjectThatValidatesTestsAndRuns() throws Exception {
        Path project = dir.resolve("hello");
        CliRun init = CliRun.of(env, "init", project.toString(), "--bootstrap");
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("✓ Created example hello world endpoint\n",
                "│   └── hello-world.yml # Example tool definition", "mxcp run tool hello_world --param name=World",
                "💡 Try it now:");
        assertThat(Files.readString(project.resolve("sql/hello-world.sql")))
                .isEqualTo("SELECT 'Hello, ' || $name || '!' as greeting\n");
        Map<String, Object> tool = new Yaml().load(Files.readString(project.resolve("tools/hello-world.yml")));
        assertThat(tool).containsEntry("mxcp", 1);
        assertThat(tool.get("tool").toString()).contains("name=hello_world", "examples=[World, Alice, Bob]",
                "file=../sql/hello-world.sql");

        CliRun validate = CliRun.inProject(env, project, "validate");
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
        CliRun test = CliRun.inProject(env, project, "test");
        assertThat(test.exitCode()).as(test.out() + test.err()).isZero();
        assertThat(test.out()).contains("2 passed, 0 failed");
        CliRun run = CliRun.inProject(env, project, "run", "tool", "hello_world", "--param", "name=x");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Hello, x!");
        CliRun lint = CliRun.inProject(env, project, "lint", "--severity", "warning");
        assertThat(lint.exitCode()).isZero();
        assertThat(lint.out()).contains("🎉 All endpoints have excellent metadata!");
    }

    @Test
    void refusesAFolderInsideAnExistingProject() throws Exception {
        Path parent = dir.resolve("parent");
        assertThat(CliRun.of(env, "init", parent.toString()).exitCode()).isZero();
        String site = Files.readString(parent.resolve("mxcp-site.yml"));

        for (Path target : new Path[] {parent, parent.resolve("child")}) {
            CliRun again = CliRun.of(env, "init", target.toString(), "--bootstrap");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).isEqualTo("Error: Cannot create a MXCP repository inside another one\n");
            assertThat(again.out()).isEmpty();
        }
        assertThat(Files.readString(parent.resolve("mxcp-site.yml"))).isEqualTo(site);
        assertThat(parent.resolve("child")).doesNotExist();
        assertThat(parent.resolve("tools/hello-world.yml")).doesNotExist();
    }

    @Test
    void refusesAFolderWithTheProfilesDatabase() throws Exception {
        Path legacy = Files.createDirectories(dir.resolve("legacy"));
        Files.writeString(legacy.resolve("db-default.duckdb"), "");
        CliRun run = CliRun.of(env, "init", legacy.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(
                "Error: Cannot create a MXCP repository in a directory with an existing db-default.duckdb file\n");
        assertThat(legacy.resolve("mxcp-site.yml")).doesNotExist();

        Path data = Files.createDirectories(dir.resolve("data-only/data"));
        Files.writeString(data.resolve("db-dev.duckdb"), "");
        assertThat(CliRun.of(env, "init", data.getParent().toString(), "--profile", "dev").err())
                .contains("existing db-dev.duckdb file");
        // another profile's database is no obstacle
        assertThat(CliRun.of(env, "init", data.getParent().toString()).exitCode()).isZero();
    }

    @Test
    void writesTheClaudeDesktopConfigurationForThisLauncher() throws Exception {
        Path project = dir.resolve("test-project");
        CliRun run = CliRun.of(env, "init", project.toString(), "--bootstrap", "--claude-config");
        assertThat(run.exitCode()).as(run.err()).isZero();

        JsonNode config = Json.parse(Files.readString(project.resolve("server_config.json")));
        JsonNode server = config.get("mcpServers").get("test-project");
        Path launcher = Path.of(server.get("command").asText());
        assertThat(launcher.getFileName().toString()).isEqualTo("mxcp");
        assertThat(launcher).isRegularFile().isExecutable();
        assertThat(launcher.resolveSibling("host")).isDirectory();
        assertThat(Json.MAPPER.convertValue(server.get("args"), java.util.List.class))
                .containsExactly("serve", "--transport", "stdio", "--project", project.toString());
        assertThat(server.get("cwd").asText()).isEqualTo(project.toString());
        assertThat(run.out()).contains("✓ Generated server_config.json for Claude Desktop\n", "Generated configuration:\n",
                "\"mcpServers\"", "Add the generated server_config.json to your Claude Desktop config");
    }

    @Test
    void claudeConfigWithoutALauncherIsNotSupportedButTheProjectIsMade() throws Exception {
        Path project = dir.resolve("elsewhere");
        Map<String, String> noLauncher = Fixtures.env(dir.resolve("home"), "MXCP_LAUNCHER", dir.resolve("missing/mxcp").toString());
        CliRun run = CliRun.of(noLauncher, "init", project.toString(), "--claude-config");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("⚠️  Warning: --claude-config is not supported here: no mxcp launcher found",
                "✨ MXCP project initialized successfully!");
        assertThat(project.resolve("server_config.json")).doesNotExist();
        assertThat(project.resolve("mxcp-site.yml")).isRegularFile();

        Path declined = dir.resolve("declined");
        CliRun no = CliRun.of(env, "init", declined.toString(), "--no-claude-config");
        assertThat(no.out()).contains("ℹ️  Skipped Claude Desktop configuration generation");
        assertThat(declined.resolve("server_config.json")).doesNotExist();
    }

    @Test
    void helpListsMxcpsFlags() {
        CliRun help = CliRun.of(env, "init", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("FOLDER", "--project", "--profile", "--bootstrap", "--debug", "--claude-config");
    }

    @Test
    void projectNamesThatNeedQuotingStayStrings() throws Exception {
        Path project = dir.resolve("p");
        assertThat(CliRun.of(env, "init", project.toString(), "--project", "yes: no").exitCode()).isZero();
        assertThat(siteFile(project)).containsEntry("project", "yes: no");
        assertThat(CliRun.inProject(env, project, "list").exitCode()).isZero();
    }
}

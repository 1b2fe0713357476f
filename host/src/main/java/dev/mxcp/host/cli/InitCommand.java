package dev.mxcp.host.cli;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mxcp init [FOLDER]}: a new project as MXCP makes one: {@code mxcp-site.yml}, the standard folders, the
 * profile's database and, with {@code --bootstrap}, a hello-world SQL tool with a test. It refuses a folder
 * inside an existing project or next to the profile's database file. The Claude Desktop configuration
 * ({@code server_config.json}) is written when asked ({@code --claude-config}, or yes at the question MXCP asks
 * on a terminal) and points at this installation's {@code mxcp} launcher.
 */
@Command(name = "init", description = {
        "Initialize a new MXCP project in FOLDER (default: the current directory).",
        "Writes mxcp-site.yml, creates the project folders and the profile's database; --bootstrap adds a hello"
                + " world tool. server_config.json (Claude Desktop) is written with --claude-config, or when you"
                + " answer yes on a terminal; it runs the mxcp launcher next to these jars (MXCP_LAUNCHER overrides)."})
final class InitCommand implements Callable<Integer> {

    /** The folders MXCP creates in every project, in its order. */
    static final List<String> DIRECTORIES = List.of(
            "tools", "resources", "prompts", "evals", "python", "plugins", "sql", "drift", "audit", "data");

    static final String HELLO_WORLD_SQL = "SELECT 'Hello, ' || $name || '!' as greeting\n";

    /** MXCP's bootstrap tool, plus tests of ours so that {@code mxcp test} has something to run. */
    static final String HELLO_WORLD_YML = """
            mxcp: 1
            tool:
              name: hello_world
              description: A simple hello world tool
              enabled: true
              parameters:
                - name: name
                  type: string
                  description: Name to greet
                  examples:
                    - World
                    - Alice
                    - Bob
              return:
                type: string
                description: Greeting message
              source:
                file: ../sql/hello-world.sql
              tests:
                - name: greets_world
                  description: The greeting names who it greets
                  arguments:
                    - key: name
                      value: World
                  result: Hello, World!
                - name: greets_anyone
                  description: Any name works, spaces included
                  arguments:
                    - key: name
                      value: Ada Lovelace
                  result_contains_text: Ada Lovelace
            """;

    @ParentCommand
    MxcpCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FOLDER", description = "Where to create the project (created if missing; default: .).")
    Path folder = Path.of(".");

    @Option(names = "--project", paramLabel = "NAME", description = "Project name (defaults to folder name).")
    String project;

    @Option(names = "--profile", description = "Profile name (defaults to MXCP_PROFILE, else 'default').")
    String profile;

    @Option(names = "--bootstrap", description = "Create example hello world endpoint.")
    boolean bootstrap;

    @Option(names = "--debug", description = "Show detailed debug information.")
    boolean debug;

    @Option(names = "--claude-config", negatable = true, description = "Write (or with --no-claude-config, skip) server_config.json"
            + " for Claude Desktop without asking; without either, MXCP's question is asked on a terminal and skipped otherwise.")
    Boolean claudeConfig;

    @Override
    public Integer call() {
        Main.Cli cli = root.cli;
        PrintStream out = cli.out;
        String profileName = firstNonBlank(profile, cli.env.get("MXCP_PROFILE"), "default");
        Path target = folder.toAbsolutePath().normalize();

        if (insideProject(target)) {
            throw new MxcpException("Cannot create a MXCP repository inside another one");
        }
        String database = "db-" + profileName + ".duckdb";
        if (Files.exists(target.resolve(database)) || Files.exists(target.resolve("data").resolve(database))) {
            throw new MxcpException("Cannot create a MXCP repository in a directory with an existing " + database + " file");
        }
        createDirectories(target);
        String projectName = project != null && !project.isEmpty() ? project : nameOf(target);

        if (projectInUserConfig(cli.env, projectName)) {
            Boolean answer = ask("Project '" + projectName + "' already exists in your config. Continue?");
            if (answer != null && !answer) {
                return 0;
            }
            if (answer == null) {
                out.println("ℹ️  Project '" + projectName + "' already exists in your config; using its settings");
            }
        }

        writeSiteFile(target, projectName, profileName);
        out.println("✓ Created mxcp-site.yml");
        try {
            for (String directory : DIRECTORIES) {
                Files.createDirectories(target.resolve(directory));
            }
            out.println("✓ Created project directories");
        } catch (IOException e) {
            out.println("⚠️  Warning: Failed to create project directories: " + e.getMessage());
        }
        if (bootstrap) {
            write(target.resolve("sql/hello-world.sql"), HELLO_WORLD_SQL);
            write(target.resolve("tools/hello-world.yml"), HELLO_WORLD_YML);
            out.println("✓ Created example hello world endpoint");
        }

        try (ProjectRuntime runtime = ProjectRuntime.open(
                ProjectConfig.load(target, new ProjectConfig.Overrides(profileName, Boolean.FALSE), cli.env))) {
            runtime.database();
            out.println("✓ Initialized DuckDB database");
        } catch (RuntimeException e) {
            out.println("⚠️  Warning: Failed to initialize DuckDB database: " + e.getMessage());
        }

        boolean configGenerated = claudeConfig(cli, target, projectName);
        Path launcher = launcher(cli.env);
        nextSteps(out, target, bootstrap, configGenerated, launcher == null ? "mxcp" : launcher.toString());
        return 0;
    }

    /** MXCP's question, or the flag's answer; writes server_config.json. Failures are warnings, as in MXCP. */
    private boolean claudeConfig(Main.Cli cli, Path target, String projectName) {
        PrintStream out = cli.out;
        Boolean wanted = claudeConfig != null ? claudeConfig
                : ask("\nWould you like to generate a Claude Desktop configuration file?");
        if (wanted == null || !wanted) {
            out.println("ℹ️  Skipped Claude Desktop configuration generation");
            return false;
        }
        Path launcher = launcher(cli.env);
        if (launcher == null) {
            out.println("⚠️  Warning: --claude-config is not supported here: no mxcp launcher found next to this"
                    + " installation's jars (set MXCP_LAUNCHER to the launcher's path)");
            return false;
        }
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("command", launcher.toString());
        server.put("args", List.of("serve", "--transport", "stdio", "--project", target.toString()));
        server.put("cwd", target.toString());
        Map<String, Object> config = Map.of("mcpServers", Map.of(projectName, server));
        String json = Json.writePretty(config);
        try {
            Files.writeString(target.resolve("server_config.json"), json + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("⚠️  Warning: Failed to generate Claude config: " + e.getMessage());
            return false;
        }
        out.println("✓ Generated server_config.json for Claude Desktop");
        out.println("\nGenerated configuration:");
        out.println(json);
        return true;
    }

    /**
     * The {@code mxcp} launcher to put in server_config.json: {@code MXCP_LAUNCHER} when set, else the
     * launcher script at the root of the checkout these classes were built in; null when it is not a plain file.
     */
    static Path launcher(Map<String, String> env) {
        String configured = env.get("MXCP_LAUNCHER");
        if (configured != null) {
            Path file = Path.of(configured).toAbsolutePath().normalize();
            return Files.isRegularFile(file) ? file : null;
        }
        try {
            Path code = Path.of(InitCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = code.toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("mxcp");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && Files.isDirectory(dir.resolve("host"))) {
                    return candidate;
                }
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    /** MXCP's summary of what was made and what to do next. */
    private static void nextSteps(PrintStream out, Path dir, boolean bootstrap, boolean configGenerated, String launcher) {
        String rule = "=".repeat(60);
        out.println("\n" + rule);
        out.println("✨ MXCP project initialized successfully!");
        out.println(rule + "\n");
        out.println("📁 Project Structure:");
        out.println("   " + dir + "/");
        out.println("   ├── mxcp-site.yml       # Project configuration");
        if (bootstrap) {
            out.println("   ├── tools/              # Tool definitions");
            out.println("   │   └── hello-world.yml # Example tool definition");
            out.println("   ├── sql/                # SQL implementations");
            out.println("   │   └── hello-world.sql # SQL implementation");
            out.println("   ├── resources/          # Resource definitions");
            out.println("   ├── prompts/            # Prompt definitions");
            out.println("   ├── evals/              # Evaluation definitions");
            out.println("   ├── python/             # Python implementations");
            out.println("   ├── plugins/            # Plugin definitions");
            out.println("   ├── drift/              # Drift snapshots");
            out.println("   ├── audit/              # Audit logs");
            out.println("   └── data/               # Database files");
        } else {
            out.println("   ├── tools/              # Create your tool definitions here");
            out.println("   ├── resources/          # Create your resource definitions here");
            out.println("   ├── prompts/            # Create your prompt definitions here");
            out.println("   ├── evals/              # Create your evaluation definitions here");
            out.println("   ├── python/             # Create your Python implementations here");
            out.println("   ├── plugins/            # Create your plugin definitions here");
            out.println("   ├── sql/                # Create your SQL implementations here");
            out.println("   ├── drift/              # Drift snapshots will be stored here");
            out.println("   ├── audit/              # Audit logs will be stored here");
            out.println("   └── data/               # Database files will be stored here");
        }
        out.println("\n🚀 Next Steps:\n");
        out.println("1. Test your setup locally:");
        out.println("   cd " + dir);
        if (bootstrap) {
            out.println("   mxcp run tool hello_world --param name=World");
            out.println("   mxcp test");
        } else {
            out.println("   # Create your first tool in tools/");
            out.println("   # Then run: mxcp run tool <tool_name>");
        }
        out.println("\n2. Start the MCP server:");
        out.println("   mxcp serve");
        out.println("\n3. Connect to Claude Desktop:");
        if (configGenerated) {
            out.println("   Add the generated server_config.json to your Claude Desktop config");
        } else {
            out.println("   Create a server configuration for Claude Desktop");
            // MXCP suggests running init again, which refuses an existing project: say what to configure instead.
            out.println("   It runs: " + launcher + " serve --transport stdio --project " + dir);
        }
        out.println("   Config location:");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            out.println("   ~/Library/Application Support/Claude/claude_desktop_config.json");
        } else if (os.contains("win")) {
            out.println("   %APPDATA%\\Claude\\claude_desktop_config.json");
        } else {
            out.println("   ~/.config/Claude/claude_desktop_config.json");
        }
        out.println("\n4. Learn more:");
        out.println("   • List all endpoints:     mxcp list");
        out.println("   • Validate endpoints:     mxcp validate");
        out.println("   • Check their metadata:   mxcp lint");
        out.println("   • View documentation:     https://mxcp.dev");
        if (bootstrap) {
            out.println("\n💡 Try it now:");
            out.println("   In Claude Desktop, ask: \"Use the hello_world tool to greet Alice\"");
        }
        out.println("\n📚 Resources:");
        out.println("   • Documentation: https://mxcp.dev");
        out.println("   • Examples: https://github.com/raw-labs/mxcp/tree/main/examples");
        out.println("   • Discord: https://discord.gg/bqY5834PvH");
        out.println();
    }

    /** Whether {@code dir} or a parent already holds mxcp-site.yml. */
    private static boolean insideProject(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(ProjectConfig.SITE_FILE))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the user configuration (MXCP_CONFIG, else ~/.mxcp/config.yml) already names this project. */
    private static boolean projectInUserConfig(Map<String, String> env, String name) {
        String configured = env.get("MXCP_CONFIG");
        Path file = configured != null ? Path.of(configured)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".mxcp", "config.yml");
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            Object data = new Yaml(new LoaderOptions()).load(in);
            return data instanceof Map<?, ?> map && map.get("projects") instanceof Map<?, ?> projects
                    && projects.containsKey(name);
        } catch (Exception e) {
            return false; // unreadable: as MXCP, assume the project is not there
        }
    }

    /**
     * Asks a yes/no question (default no) on the terminal; null when there is no terminal to ask on, so that
     * scripts and tests never block (MXCP's question fails and is skipped on a closed input too).
     */
    private static Boolean ask(String question) {
        java.io.Console console = System.console();
        if (console == null || !console.isTerminal()) {
            return null;
        }
        String answer = console.readLine("%s [y/N]: ", question);
        return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
    }

    private static void writeSiteFile(Path target, String projectName, String profileName) {
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("mxcp", 1);
        site.put("project", projectName);
        site.put("profile", profileName);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        write(target.resolve(ProjectConfig.SITE_FILE), new Yaml(options).dump(site));
    }

    private static void createDirectories(Path target) {
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new MxcpException("Cannot create " + target + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MxcpException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String nameOf(Path dir) {
        Path name = dir.getFileName();
        return name == null ? "mxcp-project" : name.toString();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}

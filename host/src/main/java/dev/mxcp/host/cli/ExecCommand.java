package dev.mxcp.host.cli;

import dev.mxcp.guest.ClientChannel;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.endpoint.Language;
import dev.mxcp.host.engine.ProjectRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mxcp exec FILE [ARGS...]}: runs a standalone Python or JavaScript file in the guest runtime, with
 * {@code mxcp.runtime} and the MCP manager's bindings available. In a project (the nearest parent with
 * mxcp-site.yml, or {@code --project}) the script runs as the project's endpoints do, in their sandbox; in any
 * other folder it gets a project of its own with an in-memory database, may read its own folder and the working
 * folder, and write the working folder.
 */
@Command(name = "exec", description = "Run a Python (.py) or JavaScript (.js, .mjs) file in the runtime.")
final class ExecCommand implements Callable<Integer> {

    @ParentCommand
    MxcpCommand root;

    @Parameters(index = "0", paramLabel = "FILE", description = "The script: .py runs on GraalPy, .js/.mjs on GraalJS.")
    Path file;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the script (sys.argv[1:], process.argv.slice(2)).")
    List<String> args = new ArrayList<>();

    @Option(names = "--project", paramLabel = "DIR", description = "Run in this project (default: the nearest parent with mxcp-site.yml, else none).")
    Path project;

    @Option(names = "--profile", description = "Profile to use with a project.")
    String profile;

    @Option(names = "--debug", description = "Show debug logs and the script's traceback.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        Main.Cli cli = root.cli;
        Path script = file.toAbsolutePath().normalize();
        Language language = languageOf(script);
        if (!Files.isRegularFile(script)) {
            throw new MxcpException(file + ": no such file");
        }
        String source = Files.readString(script, StandardCharsets.UTF_8);
        Path projectRoot = projectRoot();
        Path scratch = projectRoot == null ? Files.createTempDirectory("mxcp-exec") : null;
        try (ProjectRuntime runtime = projectRoot != null
                ? ProjectRuntime.load(projectRoot, new ProjectConfig.Overrides(profile, null), cli.env)
                : ProjectRuntime.open(standalone(scratch, script.getParent(), cli))) {
            runtime.requireSupported();
            return runtime.runScript(language, script, source, args, output(cli.out, cli.err));
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    private static Language languageOf(Path script) {
        String name = script.getFileName().toString();
        if (name.endsWith(".py")) {
            return Language.PYTHON;
        }
        if (name.endsWith(".js") || name.endsWith(".mjs")) {
            return Language.JAVASCRIPT;
        }
        throw new UsageException(script.getFileName() + ": not a script mxcp exec runs (.py, .js or .mjs)");
    }

    private Path projectRoot() {
        if (project != null) {
            return ProjectConfig.findRoot(project);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(ProjectConfig.SITE_FILE))) {
                return dir;
            }
        }
        return null;
    }

    /**
     * A project of the script's own: its files in {@code scratch} (empty code folders, so nothing is preloaded),
     * rooted at the working folder, which the script may write, and its own folder readable.
     */
    private ProjectConfig standalone(Path scratch, Path scriptDir, Main.Cli cli) throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        String allow = "  allow:\n    read: [" + quoted(scriptDir) + ", " + quoted(scratch) + "]\n    write: [" + quoted(cwd) + "]\n";
        Files.writeString(scratch.resolve(ProjectConfig.SITE_FILE), "mxcp: 1\nproject: exec\nprofile: default\n"
                + "profiles:\n  default:\n    duckdb:\n      path: \":memory:\"\n"
                + "paths:\n  python: " + quoted(scratch.resolve("python")) + "\n  js: " + quoted(scratch.resolve("js"))
                + "\n  plugins: " + quoted(scratch.resolve("plugins")) + "\n  data: " + quoted(scratch.resolve("data"))
                + "\n  drift: " + quoted(scratch.resolve("drift")) + "\n  audit: " + quoted(scratch.resolve("audit")) + "\n"
                + "python:\n" + allow + "javascript:\n" + allow);
        ProjectConfig c = ProjectConfig.load(scratch, ProjectConfig.Overrides.NONE, cli.env);
        return new ProjectConfig(cwd, c.site(), c.user(), c.profileName(), c.userProfile(), c.databasePath(),
                c.readOnly(), c.audit(), c.siteData(), c.userData(), c.unsupported(), c.adminSocket(), c.telemetry());
    }

    private static String quoted(Path path) {
        return dev.mxcp.host.json.Json.write(path.toString());
    }

    /** The script's stdout and stderr exactly as written; other messages of the runtime as log lines on stderr. */
    private static ClientChannel output(PrintStream out, PrintStream err) {
        return new ClientChannel() {
            @Override
            public void log(Level level, String message) {
                switch (level) {
                    case NOTICE -> {
                        out.print(message);
                        out.flush();
                    }
                    case ALERT -> {
                        err.print(message);
                        err.flush();
                    }
                    default -> err.println(level.name().toLowerCase(java.util.Locale.ROOT) + ": " + message);
                }
            }

            @Override
            public boolean wantsProgress() {
                return false;
            }

            @Override
            public void progress(double progress, Double total, String message) {
            }
        };
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover scratch folder in the temporary folder is harmless
        }
    }
}

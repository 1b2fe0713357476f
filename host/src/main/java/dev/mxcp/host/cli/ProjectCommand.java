package dev.mxcp.host.cli;

import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.engine.ProjectRuntime;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * A command that works on a project: finds it (nearest parent with mxcp-site.yml, or --project), loads its
 * configuration with the common flags, and hands the command an open runtime that is closed afterwards.
 */
abstract class ProjectCommand implements Callable<Integer> {

    @ParentCommand
    MxcpCommand root;

    @Option(names = "--project", paramLabel = "DIR", description = "Project directory (default: nearest parent with mxcp-site.yml).")
    Path project;

    @Option(names = "--profile", description = "Profile to use (default: MXCP_PROFILE, else the site file's profile).")
    String profile;

    @Option(names = "--readonly", description = "Open the database read-only (also MXCP_READONLY=1).")
    boolean readonly;

    @Option(names = "--debug", description = "Show debug logs and stack traces.")
    boolean debug;

    @Option(names = "--json-output", description = "Print machine-readable JSON.")
    boolean jsonOutput;

    @Override
    public final Integer call() throws Exception {
        Main.Cli cli = root.cli;
        cli.jsonOutput = wantsJson();
        Path start = project != null ? project : Path.of("");
        Path projectRoot = ProjectConfig.findRoot(start);
        try (ProjectRuntime runtime = ProjectRuntime.load(projectRoot,
                new ProjectConfig.Overrides(profile, readonly ? Boolean.TRUE : null), cli.env)) {
            if (runsProject()) {
                runtime.requireSupported();
            }
            return run(cli, runtime);
        }
    }

    /**
     * Whether the command runs or serves the project, and so refuses settings this runtime does not apply yet;
     * {@code list} and {@code validate} only read it.
     */
    boolean runsProject() {
        return true;
    }

    /** Whether output (errors included) is JSON: {@code --json-output}, or a command's own flag for it. */
    boolean wantsJson() {
        return jsonOutput;
    }

    /** The command's work; returns the exit code. */
    abstract int run(Main.Cli cli, ProjectRuntime runtime) throws Exception;

    /** Prints a successful result: the value itself, or the {@code {"status":"ok","result":...}} envelope. */
    static void printResult(Main.Cli cli, Object result) {
        if (cli.jsonOutput) {
            java.util.Map<String, Object> envelope = new java.util.LinkedHashMap<>();
            envelope.put("status", "ok");
            envelope.put("result", result);
            cli.out.println(dev.mxcp.host.json.Json.writePretty(envelope));
        } else {
            cli.out.println(result instanceof String text ? text : dev.mxcp.host.json.Json.writePretty(result));
        }
    }
}

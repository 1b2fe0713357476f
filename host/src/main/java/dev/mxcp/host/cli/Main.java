package dev.mxcp.host.cli;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.manager.GuestManager;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code mxcp} command line. Exit codes: 0 success, 1 failure (bad input, invalid project, failed tests),
 * 2 a wrong command line (unknown command or option, malformed {@code --param} or JSON argument), as MXCP's
 * CLI (click) and picocli's default give.
 */
public final class Main {

    /** The exit code of a wrong command line. */
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        carriersForPinningCalls();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        // Logging is process-wide: configured here, not in run(), so in-process callers keep their own setup.
        Logs.configure(wantsDebug(args, System.getenv()));
        System.exit(run(args, out, err, System.getenv()));
    }

    /**
     * DuckDB's calls are native, and a virtual thread pins its carrier for as long as one runs: with the JDK's
     * default of one carrier per core, a few queries stall every other request of the server (measured with
     * 64 connections on 2 cores: p99 230 ms; with two carriers per core 50 ms, at the same throughput). Set
     * before the first virtual thread starts; an explicit setting wins.
     */
    private static void carriersForPinningCalls() {
        String key = "jdk.virtualThreadScheduler.parallelism";
        if (System.getProperty(key) == null) {
            System.setProperty(key, String.valueOf(2 * Runtime.getRuntime().availableProcessors()));
        }
    }

    /** Runs one command; everything it prints goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Cli cli = new Cli(out, err, env);
        GuestManager.offerToGuests(env); // PyMcpManager and the JS McpManager, in scripts and endpoints
        cli.debug = wantsDebug(args, env);
        CommandLine commandLine = new CommandLine(new MxcpCommand(cli));
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // "@file" arguments are MXCP's (--user-context @ctx.json), not picocli's argument files
        commandLine.setExpandAtFiles(false);
        commandLine.setParameterExceptionHandler((e, a) -> {
            err.println("Error: " + usageMessage(e));
            err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return USAGE;
        });
        // picocli lets "--help" win over arguments it could not match ("mxcp nope --help" printed the usage, exit 0)
        commandLine.setExecutionStrategy(parsed -> {
            for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
                if (!level.unmatched().isEmpty()) {
                    throw new CommandLine.UnmatchedArgumentException(level.commandSpec().commandLine(), level.unmatched());
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> cli.fail(e));
        // "mxcp dbt run --select m": everything from dbt's first word on is dbt's, its options too
        commandLine.getSubcommands().get("dbt").setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        // "mxcp exec x.py --flag": everything after the script is the script's
        commandLine.getSubcommands().get("exec").setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        return commandLine.execute(args);
    }

    /** picocli's message, except that an unknown command reads as MXCP's (click's): "No such command 'x'." */
    private static String usageMessage(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && e.getCommandLine().getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().getFirst().startsWith("-")) {
            return "No such command '" + unmatched.getUnmatched().getFirst() + "'.";
        }
        return e.getMessage();
    }

    private static boolean wantsDebug(String[] args, Map<String, String> env) {
        return java.util.Arrays.asList(args).contains("--debug") || ProjectConfig.isTrue(env.get("MXCP_DEBUG"));
    }

    /** What a command needs from its surroundings: where to print, the environment, and how to report failures. */
    static final class Cli {
        final PrintStream out;
        final PrintStream err;
        final Map<String, String> env;
        boolean debug;
        boolean jsonOutput;

        Cli(PrintStream out, PrintStream err, Map<String, String> env) {
            this.out = out;
            this.err = err;
            this.env = env;
        }

        /** One line for the user; the stack trace only with --debug. Exit code 2 for a {@link UsageException}, else 1. */
        int fail(Exception e) {
            // a request to an MCP client that cannot be made here (no client) says why in its own words
            String message = e instanceof MxcpException || e instanceof dev.mxcp.guest.ClientRequestException
                    ? e.getMessage()
                    : "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            if (jsonOutput) {
                Map<String, Object> envelope = new java.util.LinkedHashMap<>();
                envelope.put("status", "error");
                envelope.put("error", message);
                if (debug) {
                    envelope.put("type", e.getClass().getName());
                    envelope.put("traceback", stackTrace(e));
                }
                out.println(dev.mxcp.host.json.Json.writePretty(envelope));
            } else {
                err.println("Error: " + message);
                if (debug) {
                    e.printStackTrace(err);
                } else if (!(e instanceof MxcpException)) {
                    err.println("(run with --debug for details)");
                }
            }
            return e instanceof UsageException ? USAGE : 1;
        }

        private static String stackTrace(Exception e) {
            java.io.StringWriter text = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(text));
            return text.toString();
        }
    }
}

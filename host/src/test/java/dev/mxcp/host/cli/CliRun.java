package dev.mxcp.host.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The result of one in-process run of the real command line. */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} on the project at {@code project} (appends {@code --project DIR}). */
    static CliRun inProject(Map<String, String> env, java.nio.file.Path project, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--project";
        all[args.length + 1] = project.toString();
        return of(env, all);
    }

    static CliRun of(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

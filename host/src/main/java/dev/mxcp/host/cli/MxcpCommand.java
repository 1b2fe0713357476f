package dev.mxcp.host.cli;

import picocli.CommandLine.Command;

/** The root command: with no subcommand it prints help. */
@Command(name = "mxcp",
        scope = picocli.CommandLine.ScopeType.INHERIT, // --help and --version on every subcommand too
        mixinStandardHelpOptions = true,
        versionProvider = MxcpCommand.Version.class,
        description = "Serve and run MXCP projects: MCP tools, resources and prompts in YAML + SQL/Python/JS.",
        subcommands = {ListCommand.class, ValidateCommand.class, RunCommand.class, QueryCommand.class,
                TestCommand.class, ServeCommand.class,
                InitCommand.class, LintCommand.class, DriftSnapshotCommand.class, DriftCheckCommand.class,
                DbtConfigCommand.class, DbtCommand.class, EvalsCommand.class, LogCommand.class, LogCleanupCommand.class,
                ExecCommand.class})
final class MxcpCommand implements Runnable {

    final Main.Cli cli;

    MxcpCommand(Main.Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(cli.out);
    }

    /** The version from the jar manifest, or "dev" when running from classes. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MxcpCommand.class.getPackage().getImplementationVersion();
            return new String[] {"mxcp " + (version == null ? "dev" : version)};
        }
    }
}

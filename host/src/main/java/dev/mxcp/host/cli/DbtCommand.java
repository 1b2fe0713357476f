package dev.mxcp.host.cli;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.UserConfig;
import dev.mxcp.host.engine.ProjectRuntime;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mxcp dbt ARGS...}: runs the {@code dbt} on the PATH in the project with the profile's secrets in the
 * environment as {@code MXCP_SECRET_<NAME>_<PARAMETER>[_<KEY>]} (what {@code dbt-config}'s profile reads), as
 * MXCP's wrapper does; exits with dbt's exit code.
 */
@Command(name = "dbt", description = "Run dbt with the profile's secrets in its environment (mxcp dbt run --select m).")
final class DbtCommand extends ProjectCommand {

    @Parameters(arity = "0..*", paramLabel = "DBT_ARGS", description = "The dbt command line.")
    List<String> dbtArgs = new ArrayList<>();

    /** Only passes secrets to dbt, so settings the runtime does not apply do not stop it. */
    @Override
    boolean runsProject() {
        return false;
    }

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) throws Exception {
        ProjectConfig config = runtime.config();
        if (!config.site().dbt().enabled()) {
            throw new MxcpException("dbt integration is disabled in mxcp-site.yml");
        }
        Path dbt = findDbt(cli.env);
        if (dbt == null) {
            throw new MxcpException("dbt CLI is not installed or not available in PATH. Install dbt-core and dbt-duckdb.");
        }
        List<String> command = new ArrayList<>(List.of(dbt.toString()));
        command.addAll(dbtArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(config.root().toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(cli.env);
        int injected = 0;
        for (UserConfig.Secret secret : config.userProfile().secrets()) {
            for (Map.Entry<String, Object> parameter : secret.parameters().entrySet()) {
                if (parameter.getValue() instanceof Map<?, ?> map) {
                    for (Map.Entry<?, ?> entry : map.entrySet()) {
                        builder.environment().put(secretVariable(secret.name(), parameter.getKey(), String.valueOf(entry.getKey())),
                                String.valueOf(entry.getValue()));
                        injected++;
                    }
                } else if (parameter.getValue() != null) {
                    builder.environment().put(secretVariable(secret.name(), parameter.getKey(), null),
                            String.valueOf(parameter.getValue()));
                    injected++;
                }
            }
        }
        cli.err.println("Running dbt " + String.join(" ", dbtArgs) + " (project " + config.site().project() + ", profile "
                + config.profileName() + ", " + injected + " secret variable(s))");
        Process process = builder.start();
        try (InputStream output = process.getInputStream()) {
            output.transferTo(cli.out);
        }
        int exit = process.waitFor();
        if (exit != 0) {
            cli.err.println("dbt failed with exit code " + exit);
        }
        return exit;
    }

    /** MXCP's variable for a secret's parameter, or for one key of a map parameter. */
    static String secretVariable(String secret, String parameter, String key) {
        return ("MXCP_SECRET_" + secret + "_" + parameter + (key == null ? "" : "_" + key)).toUpperCase(Locale.ROOT);
    }

    /** The {@code dbt} executable on the environment's PATH, or null. */
    static Path findDbt(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "dbt");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}

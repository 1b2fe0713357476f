package dev.mxcp.host.cli;

import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.engine.Validation;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mxcp validate [PATH]}: checks definitions, SQL and templates; exits 1 when anything is invalid. */
@Command(name = "validate", description = "Validate all endpoints, or the endpoint file PATH.")
final class ValidateCommand extends ProjectCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "One endpoint file to validate.")
    Path path;

    /** Reads the project and runs nothing, so settings this runtime does not apply yet do not stop it. */
    @Override
    boolean runsProject() {
        return false;
    }

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) {
        List<Validation.Result> results = runtime.validate(path);
        long invalid = results.stream().filter(r -> !r.valid()).count();
        if (cli.jsonOutput) {
            printResult(cli, results);
            return invalid == 0 ? 0 : 1;
        }
        for (Validation.Result result : results) {
            cli.out.println((result.valid() ? "ok      " : "INVALID ") + result.label()
                    + (result.path() == null ? "" : " (" + result.path() + ")"));
            result.problems().forEach(p -> cli.out.println("        " + p));
        }
        cli.out.println(results.size() + " checked, " + (results.size() - invalid) + " valid, " + invalid + " invalid");
        return invalid == 0 ? 0 : 1;
    }
}

package dev.mxcp.host.cli;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.engine.Validation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mxcp validate [PATH]}: checks definitions, SQL and templates; exits 1 when anything is invalid (MXCP
 * exits 0 and only reports it).
 */
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
        if (cli.jsonOutput) {
            return json(cli, runtime);
        }
        List<Validation.Result> results = runtime.validate(path);
        long invalid = results.stream().filter(r -> !r.valid()).count();
        for (Validation.Result result : results) {
            cli.out.println((result.valid() ? "ok      " : "INVALID ") + result.label()
                    + (result.path() == null ? "" : " (" + result.path() + ")"));
            result.problems().forEach(p -> cli.out.println("        " + p));
        }
        cli.out.println(results.size() + " checked, " + (results.size() - invalid) + " valid, " + invalid + " invalid");
        return invalid == 0 ? 0 : 1;
    }

    /**
     * MXCP's {@code validate --json-output} result ({@code interfaces/cli/validate.py}, the models of
     * {@code services/endpoints/models.py} dumped without nulls). For the whole project
     * {@code {status: "ok"|"error", validated: [{status, path, message?}], message?}}, with {@code message}
     * "No endpoints found" when there are none; for one file the entry alone. An entry's {@code path} is
     * relative to the project for a loaded endpoint, and the file as discovered (absolute; as given, for
     * PATH) when it failed to load; {@code message} joins the problems with newlines.
     */
    private int json(Main.Cli cli, ProjectRuntime runtime) {
        List<Validation.Result> results;
        try {
            results = runtime.validate(path);
        } catch (MxcpException e) {
            if (path == null) {
                throw e;
            }
            printResult(cli, entry("error", path.toString(), e.getMessage()));
            return 1;
        }
        boolean invalid = results.stream().anyMatch(r -> !r.valid());
        if (path != null) {
            List<String> problems = new ArrayList<>();
            results.forEach(r -> problems.addAll(r.problems()));
            Validation.Result first = results.getFirst();
            printResult(cli, entry(invalid ? "error" : "ok", first.loaded() ? first.path() : path.toString(),
                    problems.isEmpty() ? null : String.join("\n", problems)));
            return invalid ? 1 : 0;
        }
        List<Map<String, Object>> validated = new ArrayList<>();
        for (Validation.Result result : results) {
            validated.add(entry(result.valid() ? "ok" : "error", result.loaded() ? result.path() : result.file().toString(),
                    result.valid() ? null : String.join("\n", result.problems())));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", invalid || results.isEmpty() ? "error" : "ok");
        summary.put("validated", validated);
        if (results.isEmpty()) {
            summary.put("message", "No endpoints found");
        }
        printResult(cli, summary);
        return invalid ? 1 : 0;
    }

    private static Map<String, Object> entry(String status, String path, String message) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("status", status);
        entry.put("path", path);
        if (message != null) {
            entry.put("message", message);
        }
        return entry;
    }
}

package dev.mxcp.host.cli;

import dev.mxcp.host.drift.Drift;
import dev.mxcp.host.drift.DriftReport;
import dev.mxcp.host.drift.Snapshot;
import dev.mxcp.host.engine.ProjectRuntime;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mxcp drift-check}: compares the project now with a baseline snapshot (the profile's drift file, or
 * {@code --baseline}) and reports added, removed and modified tables and endpoint files, as MXCP's
 * {@code interfaces/cli/drift_check.py}; exits 1 when anything drifted.
 */
@Command(name = "drift-check", description = "Compare the tables and endpoints with a baseline snapshot; exit 1 on drift.")
final class DriftCheckCommand extends ProjectCommand {

    @Option(names = "--baseline", paramLabel = "FILE", description = "The baseline snapshot (default: the profile's drift path).")
    Path baseline;

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) {
        Path path = baseline != null ? baseline : Drift.defaultPath(runtime.config());
        Snapshot before = Drift.read(path);
        DriftReport report = Drift.compare(before, path.toString(), Drift.take(runtime));
        if (cli.jsonOutput) {
            printResult(cli, report);
        } else {
            print(cli, report);
        }
        return report.hasDrift() ? 1 : 0;
    }

    private static <T> java.util.List<T> orEmpty(java.util.List<T> list) {
        return list == null ? java.util.List.of() : list;
    }

    /** MXCP's human report; {@code --debug} adds the columns and statuses that changed. */
    private void print(Main.Cli cli, DriftReport report) {
        cli.out.println("Drift Report (Generated: " + report.generatedAt() + ")");
        cli.out.println("Baseline: " + report.baselineSnapshotPath());
        cli.out.println("Baseline Generated: " + report.baselineSnapshotGeneratedAt());
        cli.out.println("Current Generated: " + report.currentSnapshotGeneratedAt());
        cli.out.println();
        cli.out.println(report.hasDrift() ? "DRIFT DETECTED" : "NO DRIFT DETECTED");
        cli.out.println();
        var summary = report.summary();
        cli.out.println("Summary:");
        cli.out.printf("  Tables: %d added, %d removed, %d modified%n", summary.get("tables_added"),
                summary.get("tables_removed"), summary.get("tables_modified"));
        cli.out.printf("  Resources: %d added, %d removed, %d modified%n", summary.get("resources_added"),
                summary.get("resources_removed"), summary.get("resources_modified"));
        if (!report.tableChanges().isEmpty()) {
            cli.out.println();
            cli.out.println("Table Changes:");
            for (DriftReport.TableChange change : report.tableChanges()) {
                String sign = switch (change.changeType()) {
                    case "added" -> "+";
                    case "removed" -> "-";
                    default -> "~";
                };
                cli.out.println("  " + sign + " " + change.name() + " (" + change.changeType() + ")");
                // A modified table shows its columns; an added or removed one only with --debug, as MXCP
                if (debug || change.changeType().equals("modified")) {
                    orEmpty(change.columnsAdded()).forEach(c -> cli.out.println("    + " + c.name() + " (" + c.type() + ")"));
                    orEmpty(change.columnsRemoved()).forEach(c -> cli.out.println("    - " + c.name() + " (" + c.type() + ")"));
                    orEmpty(change.columnsModified()).forEach(c ->
                            cli.out.println("    ~ " + c.name() + ": " + c.oldType() + " -> " + c.newType()));
                }
            }
        }
        if (!report.resourceChanges().isEmpty()) {
            cli.out.println();
            cli.out.println("Resource Changes:");
            for (DriftReport.ResourceChange change : report.resourceChanges()) {
                String sign = switch (change.changeType()) {
                    case "added" -> "+";
                    case "removed" -> "-";
                    default -> "~";
                };
                cli.out.println("  " + sign + " " + change.path() + " (" + (change.endpoint() == null ? "unknown" : change.endpoint())
                        + ") (" + change.changeType() + ")");
                if (change.changeType().equals("modified")) {
                    java.util.List<String> what = new java.util.ArrayList<>();
                    if (Boolean.TRUE.equals(change.validationChanged())) {
                        what.add("validation");
                    }
                    if (Boolean.TRUE.equals(change.testResultsChanged())) {
                        what.add("tests");
                    }
                    if (Boolean.TRUE.equals(change.definitionChanged())) {
                        what.add("definition");
                    }
                    cli.out.println("    Changed: " + String.join(", ", what));
                }
            }
        }
        if (!report.hasDrift()) {
            cli.out.println();
            cli.out.println("No changes detected.");
        }
    }
}

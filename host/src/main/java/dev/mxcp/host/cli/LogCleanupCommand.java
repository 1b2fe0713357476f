package dev.mxcp.host.cli;

import dev.mxcp.host.audit.AuditFiles;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.engine.ProjectRuntime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mxcp log-cleanup}: MXCP's retention ({@code interfaces/cli/log_cleanup.py}): deletes the audit log's
 * segments whose newest record is older than {@value AuditFiles#RETENTION_DAYS} days; {@code --dry-run} only
 * counts them. Meant for cron; a log that is not enabled is skipped, not an error.
 */
@Command(name = "log-cleanup", description = "Delete audit records older than the retention period (90 days).")
final class LogCleanupCommand extends ProjectCommand {

    @Option(names = "--dry-run", description = "Show what would be deleted without deleting it.")
    boolean dryRun;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    boolean runsProject() {
        return false;
    }

    @Override
    boolean wantsJson() {
        return json || super.wantsJson();
    }

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) {
        ProjectConfig config = runtime.config();
        if (!config.audit().enabled()) {
            String message = "Audit logging is not enabled for profile '" + config.profileName() + "'";
            if (cli.jsonOutput) {
                printResult(cli, result("skipped", message, Map.of()));
            } else {
                cli.out.println(message);
            }
            return 0;
        }
        if (dryRun && !cli.jsonOutput) {
            cli.out.println("DRY RUN: Analyzing what would be deleted...");
            cli.out.println();
        }
        if (!dryRun && !cli.jsonOutput) {
            cli.out.println("Applying retention policies...");
        }
        AuditFiles.Cleanup cleanup = AuditFiles.cleanup(config.audit().path(), Instant.now(), dryRun);
        long total = cleanup.total();
        if (cli.jsonOutput) {
            printResult(cli, result(dryRun ? "dry_run" : "success",
                    (dryRun ? "Would delete " : "Deleted ") + total + " records", cleanup.records()));
        } else if (dryRun) {
            cleanup.records().forEach((schema, count) -> cli.out.println("  " + schema.replaceFirst(":v\\d+$", "")
                    + " (retention: " + AuditFiles.RETENTION_DAYS + " days): " + count + " records"));
            if (total == 0) {
                cli.out.println("No records would be deleted.");
            } else {
                cli.out.println();
                cli.out.println("Total records that would be deleted: " + total);
                cli.out.println();
                cli.out.println("Run without --dry-run to actually delete these records.");
            }
        } else if (total == 0) {
            cli.out.println("No records were deleted.");
        } else {
            cli.out.println();
            cli.out.println("Deleted records by schema:");
            cleanup.records().forEach((schema, count) -> cli.out.println("  " + schema + ": " + count + " records"));
            cli.out.println();
            cli.out.println("Total records deleted: " + total);
        }
        return 0;
    }

    private static Map<String, Object> result(String status, String message, Map<String, Long> perSchema) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", status);
        result.put("message", message);
        result.put("deleted_per_schema", perSchema);
        return result;
    }
}

package dev.mxcp.host.cli;

import dev.mxcp.host.audit.AuditFiles;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.engine.ProjectRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mxcp log}: the audit log's records, newest first, as MXCP's {@code interfaces/cli/log.py} shows them
 * (one line each, or {@code {"status": "ok", "result": {"count", "records"}}} with {@code --json}), or exported
 * to CSV or a DuckDB file. Unlike MXCP, {@code --tool X} means the tool X (not any endpoint named X),
 * {@code --policy n/a} selects calls of endpoints without policies, and {@code --since} counts in UTC.
 */
@Command(name = "log", description = "Query the audit log of calls served by this project.")
final class LogCommand extends ProjectCommand {

    private static final Pattern SINCE = Pattern.compile("(\\d+)([smhd])");

    @Option(names = "--tool", paramLabel = "NAME", description = "Only calls of this tool.")
    String tool;

    @Option(names = "--resource", paramLabel = "URI", description = "Only calls of this resource.")
    String resource;

    @Option(names = "--prompt", paramLabel = "NAME", description = "Only calls of this prompt.")
    String prompt;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only tool, resource or prompt calls.")
    String type;

    @Option(names = "--policy", paramLabel = "DECISION", description = "Only calls with this policy decision: allow, deny, warn or n/a (no policies).")
    String policy;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only calls that ended so: success or error.")
    String status;

    @Option(names = "--since", paramLabel = "AGE", description = "Only calls of the last AGE: 10s, 5m, 2h, 1d.")
    String since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N records (default: 100).")
    int limit;

    @Option(names = "--export-csv", paramLabel = "FILE", description = "Write the matching records (all) to a CSV file.")
    Path exportCsv;

    @Option(names = "--export-duckdb", paramLabel = "FILE", description = "Add the matching records (all) to table audit_logs of a DuckDB file.")
    Path exportDuckDb;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    /** Reads only the log: settings this runtime refuses to serve with do not stop it. */
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
            String profile = config.profileName();
            throw new MxcpException("Audit logging is not enabled for profile '" + profile + "'. Enable it in"
                    + " mxcp-site.yml under profiles." + profile + ".audit.enabled");
        }
        Path base = config.audit().path();
        AuditFiles.Filter filter = filter();
        if (exportDuckDb != null || exportCsv != null) {
            String format = exportDuckDb != null ? "duckdb" : "csv";
            Path target = exportDuckDb != null ? exportDuckDb : exportCsv;
            long count = exportDuckDb != null ? AuditFiles.exportDuckDb(base, filter, target)
                    : AuditFiles.exportCsv(base, filter, target);
            if (cli.jsonOutput) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("exported", count);
                result.put("format", format);
                result.put("path", target.toString());
                printResult(cli, result);
            } else {
                cli.out.println("Exported " + count + " records to " + target);
            }
            return 0;
        }
        List<Map<String, Object>> records = AuditFiles.query(base, filter);
        if (cli.jsonOutput) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("count", records.size());
            result.put("records", records);
            printResult(cli, result);
            return 0;
        }
        if (records.isEmpty()) {
            cli.out.println("No audit records found matching the criteria.");
            return 0;
        }
        cli.out.println();
        cli.out.println("Audit records:");
        cli.out.println("=".repeat(80));
        for (Map<String, Object> record : records) {
            String time = String.valueOf(record.get("timestamp"));
            cli.out.println(("success".equals(record.get("operation_status")) ? "✅" : "❌") + " "
                    + (time.length() >= 19 ? time.substring(0, 19).replace('T', ' ') : time)
                    + " [" + record.get("operation_type") + "] " + record.get("operation_name")
                    + " (" + record.get("duration_ms") + "ms) - "
                    + (record.get("user_id") == null ? "unknown" : record.get("user_id")));
            if (debug && record.get("error") != null) {
                cli.out.println("  Error: " + record.get("error"));
            }
        }
        cli.out.println("=".repeat(80));
        cli.out.println();
        cli.out.println("Total records: " + records.size());
        return 0;
    }

    private AuditFiles.Filter filter() {
        Map<String, String> names = new LinkedHashMap<>();
        if (tool != null) {
            names.put("tool", tool);
        }
        if (resource != null) {
            names.put("resource", resource);
        }
        if (prompt != null) {
            names.put("prompt", prompt);
        }
        return new AuditFiles.Filter(oneOf("--type", type, "tool", "resource", "prompt"), names,
                oneOf("--policy", policy, "allow", "deny", "warn", "n/a"), oneOf("--status", status, "success", "error"),
                since == null ? null : Instant.now().minus(age(since)), limit);
    }

    /** MXCP's ages: a number and s, m, h or d. */
    static Duration age(String text) {
        Matcher m = SINCE.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException("Invalid time format: " + text + ". Use format like '10m', '2h', '1d'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static String oneOf(String option, String value, String... allowed) {
        if (value != null && !List.of(allowed).contains(value)) {
            throw new UsageException("Invalid value for '" + option + "': '" + value + "' is not one of '"
                    + String.join("', '", allowed) + "'.");
        }
        return value;
    }
}

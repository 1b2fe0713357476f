package dev.mxcp.host.cli;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.drift.Drift;
import dev.mxcp.host.drift.Snapshot;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mxcp drift-snapshot}: writes the project's state (tables, endpoint files with their validation, tests
 * and definitions) to the profile's drift file, as MXCP's {@code interfaces/cli/drift_snapshot.py}; refuses to
 * overwrite one without {@code --force}; {@code --dry-run} prints it instead.
 */
@Command(name = "drift-snapshot", description = "Write a snapshot of the tables and endpoints, the baseline for drift-check.")
final class DriftSnapshotCommand extends ProjectCommand {

    @Option(names = "--force", description = "Overwrite an existing snapshot file.")
    boolean force;

    @Option(names = "--dry-run", description = "Print the snapshot instead of writing it.")
    boolean dryRun;

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) {
        Path path = Drift.defaultPath(runtime.config());
        if (Files.exists(path) && !force && !dryRun) {
            throw new MxcpException("Drift snapshot already exists at " + path + ". Use --force to overwrite.");
        }
        Snapshot snapshot = Drift.take(runtime);
        if (!dryRun) {
            Drift.write(snapshot, path);
        }
        String hash = hash(snapshot);
        if (cli.jsonOutput) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("path", path.toString());
            result.put("drift_hash", hash);
            result.put("generated_at", snapshot.generatedAt());
            printResult(cli, result);
        } else if (dryRun) {
            cli.out.println(Json.writePretty(snapshot));
            cli.out.println("No files were written (dry run mode)");
        } else {
            cli.out.println("Drift snapshot written to " + path);
            cli.out.println("  Hash: " + hash.substring(0, 12) + "...");
            cli.out.println("  Generated: " + snapshot.generatedAt());
            cli.out.println("  Tables: " + snapshot.tables().size());
            cli.out.println("  Resources: " + snapshot.resources().size());
            cli.out.println("Compare against it with mxcp drift-check; commit it to share the baseline.");
        }
        return 0;
    }

    /** SHA-256 of the snapshot's JSON, as MXCP names a snapshot ({@code drift_hash}). */
    private static String hash(Snapshot snapshot) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.write(snapshot).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

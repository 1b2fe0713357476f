import dev.mxcp.host.audit.AuditEvent;
import dev.mxcp.host.audit.AuditLog;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.engine.ProjectRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The audit log alone: what recording a call costs the calling thread (redaction, JSON and the write), and how
 * many records per second one thread writes, for the bench project's lookup_sql.
 * Usage: java -cp <dist>/lib/* AuditWriterBench.java PROJECT_DIR RECORDS
 * Prints "AUDIT_WRITER record_ns_per_call=N written_per_s=M".
 */
public class AuditWriterBench {
    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]);
        int records = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("audit-bench");
        ProjectConfig config = ProjectConfig.load(project, ProjectConfig.Overrides.NONE, Map.of("HOME", dir.toString()));
        EndpointDef lookup;
        try (ProjectRuntime runtime = ProjectRuntime.open(config)) {
            lookup = runtime.served().require(EndpointDef.Kind.TOOL, "lookup_sql").endpoint().definition();
        }
        List<Map<String, Object>> rows = List.of(Map.of("id", 42, "name", "customer 42", "city", "Berlin"));
        CallContext.Origin origin = new CallContext.Origin("http", "0123456789abcdef");
        for (int round = 0; round < 2; round++) { // the first warms the JIT
            AuditLog log = AuditLog.open(new ProjectConfig.Audit(true, dir.resolve("logs.jsonl"), 50L << 20));
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                log.record(new AuditEvent(lookup, Instant.now(), 1, origin, null, Map.of("id", i), rows, null,
                        List.of(), null, null, null));
            }
            long queued = System.nanoTime();
            log.close();
            long written = System.nanoTime();
            if (round == 1) {
                System.out.printf("AUDIT_WRITER record_ns_per_call=%d written_per_s=%d%n",
                        (queued - start) / records, records * 1_000_000_000L / (written - start));
            }
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}

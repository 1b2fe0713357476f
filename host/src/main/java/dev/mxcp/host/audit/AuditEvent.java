package dev.mxcp.host.audit;

import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.endpoint.EndpointDef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One finished call, as the engine hands it to the {@link AuditLog}; values are redacted and encoded on the
 * writer's thread, not the caller's.
 *
 * @param endpoint what was called: its kind, name (a resource's URI) and declared types, for redaction
 * @param input the arguments as the caller sent them
 * @param output the result as plain values; null when the call failed
 * @param error the failure's message; null when the call succeeded
 * @param policyDecision "allow", "deny" or "warn" (output modified); null when the endpoint has no policies
 * @param traceId the call's OpenTelemetry trace (32 hex digits), so a record leads to its trace; null untraced
 */
public record AuditEvent(EndpointDef endpoint, Instant timestamp, long durationMs, CallContext.Origin origin,
                         String userId, Map<String, Object> input, Object output, String error,
                         List<String> policiesEvaluated, String policyDecision, String policyReason,
                         String traceId) {

    public boolean succeeded() {
        return error == null;
    }
}

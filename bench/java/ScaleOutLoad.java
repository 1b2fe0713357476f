import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client of bench/scale-out.sh: modern-era (2026-07-28) tools/call requests, stateless, with {@code _meta}
 * and the MCP-Protocol-Version, Mcp-Method and Mcp-Name headers, through the balancer. Needs Jackson (the
 * distribution's lib folder) on the class path.
 * <pre>
 * java -cp 'host/target/dist/lib/*' ScaleOutLoad.java load URL COUNT CONCURRENCY [KILL_PID KILL_AFTER]
 *     COUNT calls of lookup_sql over CONCURRENCY connections; with KILL_PID, that process gets SIGKILL once
 *     KILL_AFTER calls have completed. Prints "LOAD calls=N ok=N failures=N seconds=S calls_per_s=X".
 * java -cp 'host/target/dist/lib/*' ScaleOutLoad.java mrtr URL_A URL_B TOOL
 *     A call of TOOL (which elicits) on replica A; if A answers an InputRequiredResult, the retry with the
 *     answers and A's requestState goes to replica B. Prints one "MRTR ..." line saying what happened.
 * </pre>
 * A call succeeds on HTTP 200 with a JSON-RPC result that is not a tool error.
 */
public class ScaleOutLoad {
    static final String VERSION = "2026-07-28";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args.length > 5 ? Long.parseLong(args[4]) : -1, args.length > 5 ? Integer.parseInt(args[5]) : -1);
            case "mrtr" -> mrtr(URI.create(args[1]), URI.create(args[2]), args[3]);
            default -> throw new IllegalArgumentException("usage: ScaleOutLoad load|mrtr ...");
        }
    }

    static String meta(String capabilities) {
        return "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + VERSION + "\","
                + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"scale-out-bench\",\"version\":\"1\"},"
                + "\"io.modelcontextprotocol/clientCapabilities\":" + capabilities + "}";
    }

    static HttpResponse<String> call(URI url, long id, String tool, String arguments, String capabilities, String extra)
            throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{" + meta(capabilities)
                + ",\"name\":\"" + tool + "\",\"arguments\":" + arguments + extra + "}}";
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", VERSION)
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", tool)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void load(URI url, int count, int concurrency, long killPid, int killAfter) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean killed = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (long i; (i = next.incrementAndGet()) <= count; ) {
                    String why;
                    try {
                        HttpResponse<String> res = call(url, i, "lookup_sql", "{\"id\":" + (1 + i % 10_000) + "}", "{}", "");
                        why = res.statusCode() != 200 ? "HTTP " + res.statusCode() + ": " + res.body()
                                : !res.body().contains("\"result\"") || res.body().matches("(?s).*\"isError\"\\s*:\\s*true.*")
                                ? "not a result: " + res.body() : null;
                    } catch (Exception e) {
                        why = e.toString();
                    }
                    if (why == null) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        failures.add(why);
                    }
                    if (killPid > 0 && ok.get() + failed.get() >= killAfter && killed.compareAndSet(false, true)) {
                        ProcessHandle.of(killPid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL on Linux
                        System.err.println("LOAD killed replica pid " + killPid + " after " + killAfter + " calls");
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        failures.stream().limit(5).forEach(f -> System.err.println("LOAD failure: " + f));
        System.out.printf("LOAD calls=%d ok=%d failures=%d seconds=%.2f calls_per_s=%.0f%n",
                count, ok.get(), failed.get(), seconds, count / seconds);
    }

    static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON-RPC message of a response, plain JSON or the last data line of an SSE stream. */
    static JsonNode message(HttpResponse<String> res) throws Exception {
        String body = res.body().strip();
        if (body.startsWith("{")) {
            return JSON.readTree(body);
        }
        String last = "{}";
        for (String line : body.split("\n")) {
            if (line.startsWith("data:")) {
                last = line.substring(5).strip();
            }
        }
        return JSON.readTree(last);
    }

    /**
     * One MRTR round trip split across the replicas: the first leg on A, the retry on B. Every form the tool
     * asks for gets "yes" for each of its properties (bench/scale-out.sh's fixture asks for one string).
     */
    static void mrtr(URI a, URI b, String tool) throws Exception {
        String capabilities = "{\"elicitation\":{\"form\":{}}}";
        HttpResponse<String> first = call(a, 1, tool, "{}", capabilities, "");
        JsonNode result = message(first).path("result");
        if (first.statusCode() != 200 || !result.path("resultType").asText().equals("input_required")) {
            System.out.println("MRTR skipped: replica A did not answer an InputRequiredResult (HTTP "
                    + first.statusCode() + "): " + first.body().strip().replace('\n', ' '));
            return;
        }
        ObjectNode responses = JSON.createObjectNode();
        result.path("inputRequests").properties().forEach(request -> {
            ObjectNode content = JSON.createObjectNode();
            request.getValue().at("/params/requestedSchema/properties").fieldNames()
                    .forEachRemaining(name -> content.put(name, "yes"));
            responses.putObject(request.getKey()).put("action", "accept").set("content", content);
        });
        String extra = ",\"inputResponses\":" + JSON.writeValueAsString(responses)
                + (result.has("requestState") ? ",\"requestState\":" + JSON.writeValueAsString(result.get("requestState")) : "");
        HttpResponse<String> retry = call(b, 2, tool, "{}", capabilities, extra);
        JsonNode done = message(retry).path("result");
        boolean complete = retry.statusCode() == 200 && done.path("resultType").asText().equals("complete")
                && !done.path("isError").asBoolean(false);
        System.out.println((complete ? "MRTR ok: input_required on replica A, retry completed on replica B: "
                : "MRTR FAILED: the retry on replica B did not complete (HTTP " + retry.statusCode() + "): ")
                + retry.body().strip().replace('\n', ' '));
        if (!complete) {
            System.exit(1);
        }
    }
}

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collector that takes OTLP/HTTP exports and discards them: POST /v1/traces and /v1/metrics read the body
 * and answer 200 with an empty protobuf response (a valid Export*ServiceResponse), so that the tracing rows of
 * bench/run.sh measure what tracing costs the server, not a collector's work.
 * Usage: java -cp <dist>/lib/* OtlpSink.java PORT. Runs until killed; prints the bytes taken on SIGTERM.
 */
public class OtlpSink {
    public static void main(String[] args) throws Exception {
        AtomicLong requests = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .routing(r -> r.post("/v1/*", (req, res) -> {
                    bytes.addAndGet(req.content().as(byte[].class).length);
                    requests.incrementAndGet();
                    res.header(HeaderNames.CONTENT_TYPE, "application/x-protobuf").send(new byte[0]);
                }))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.out.println("OTLP_SINK requests=" + requests.get() + " bytes=" + bytes.get())));
        System.out.println("OTLP_SINK port=" + server.port());
    }
}

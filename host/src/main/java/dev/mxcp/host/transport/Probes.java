package dev.mxcp.host.transport;

import dev.mxcp.host.telemetry.Telemetry;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.BooleanSupplier;

/**
 * What operators' tools read beside {@code /mcp}: {@code GET /metrics} (the runtime's meters as Prometheus text)
 * and {@code GET /health} ({@code {"status":"UP"}} while the server takes requests; 503 {@code {"status":"DRAINING"}}
 * once shutdown has begun, so that a balancer or Kubernetes' readiness probe sends no new call to a replica that
 * would refuse it). Served whether or not telemetry
 * export is on. No token is asked (scrapers and probes carry none, and neither says anything about the data);
 * the Origin and Host checks of {@code /mcp} apply, so a page elsewhere cannot read them through DNS rebinding.
 */
public final class Probes implements HttpService {

    public static final String METRICS_PATH = "/metrics";
    public static final String HEALTH_PATH = "/health";

    private final Telemetry telemetry;
    private final OriginPolicy policy;
    private final BooleanSupplier accepting;

    /** {@code accepting}: whether the server still takes requests (false while it drains). */
    public Probes(Telemetry telemetry, HttpOptions options, BooleanSupplier accepting) {
        this.telemetry = telemetry;
        this.policy = new OriginPolicy(options);
        this.accepting = accepting;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(METRICS_PATH, (req, res) -> {
            if (allowed(req, res)) {
                res.header(HeaderNames.CONTENT_TYPE, Telemetry.SCRAPE_CONTENT_TYPE);
                res.send(telemetry.scrape());
            }
        });
        rules.get(HEALTH_PATH, (req, res) -> {
            if (allowed(req, res)) {
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                if (accepting.getAsBoolean()) {
                    res.send("{\"status\":\"UP\"}");
                } else {
                    res.status(Status.SERVICE_UNAVAILABLE_503).send("{\"status\":\"DRAINING\"}");
                }
            }
        });
    }

    private boolean allowed(ServerRequest req, ServerResponse res) {
        if (policy.originAllowed(req.headers().first(HeaderNames.ORIGIN).orElse(null))
                && policy.hostAllowed(req.headers().first(HeaderNames.HOST).orElse(null), Exchanges.arrivedOnLoopback(req))) {
            return true;
        }
        res.status(Status.FORBIDDEN_403).send("Forbidden: origin or host not allowed");
        return false;
    }
}

package dev.mxcp.host.transport;

import dev.mxcp.host.auth.ResourceServer;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * The protected-resource metadata (RFC 9728) of an authenticated server, by GET at
 * {@link ResourceServer#METADATA_PATH}: which issuer's tokens it takes and which scopes it needs. Public, and
 * readable by browser clients of any origin.
 */
public final class ResourceMetadata implements HttpService {

    private final ResourceServer auth;

    public ResourceMetadata(ResourceServer auth) {
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            res.send(auth.metadata(req.headers().first(HeaderNames.HOST).orElse(null)));
        });
    }
}

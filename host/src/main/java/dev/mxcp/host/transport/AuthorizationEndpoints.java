package dev.mxcp.host.transport;

import dev.mxcp.host.auth.AuthorizationServer;
import dev.mxcp.host.auth.ResourceServer;
import dev.mxcp.host.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issuer mode's OAuth endpoints over HTTP, for {@link AuthorizationServer}: the metadata (RFC 8414) at
 * {@code /.well-known/oauth-authorization-server}, {@code POST /register} (RFC 7591), {@code GET /authorize},
 * the upstream provider's callback, {@code POST /token}. The Host header is checked as for MCP requests, since
 * this server's URL (the issuer, the callback) is built from it without {@code base_url}. Registration, token and
 * metadata answer browser clients of any origin (they carry no cookies); answers are never cached.
 * Register it at the root: {@code routing.register(new AuthorizationEndpoints(resourceServer, options))}.
 */
public final class AuthorizationEndpoints implements HttpService {

    /** Where the authorization server metadata is served (RFC 8414). */
    public static final String METADATA_PATH = "/.well-known/oauth-authorization-server";
    /** Registration and token requests are small. */
    private static final int BODY_LIMIT = 64 * 1024;

    private final ResourceServer auth;
    private final AuthorizationServer server;
    private final OriginPolicy policy;

    /** For a resource server in issuer mode ({@link ResourceServer#authorizationServer()} not null). */
    public AuthorizationEndpoints(ResourceServer auth, HttpOptions options) {
        this.auth = auth;
        this.server = auth.authorizationServer();
        this.policy = new OriginPolicy(options);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(METADATA_PATH, (req, res) -> answer(req, res, base -> server.metadata(base)))
                .post("/register", (req, res) -> answer(req, res, base -> {
                    byte[] body = body(req);
                    return body == null ? tooLarge() : server.register(body);
                }))
                .get("/authorize", (req, res) -> answer(req, res, base -> server.authorize(query(req), base)))
                .get(server.callbackPath(), (req, res) -> answer(req, res, base -> server.callback(query(req))))
                .post("/token", (req, res) -> answer(req, res, base -> {
                    byte[] body = body(req);
                    return body == null ? tooLarge() : server.token(form(new String(body, StandardCharsets.UTF_8)),
                            req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
                }))
                .options(METADATA_PATH, AuthorizationEndpoints::preflight)
                .options("/register", AuthorizationEndpoints::preflight)
                .options("/token", AuthorizationEndpoints::preflight);
    }

    private interface Handler {
        AuthorizationServer.Reply handle(String base) throws IOException;
    }

    /** The Host check, then the server's reply as a redirect or JSON. */
    private void answer(ServerRequest req, ServerResponse res, Handler handler) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        String host = req.headers().first(HeaderNames.HOST).orElse(null);
        AuthorizationServer.Reply reply;
        if (!policy.hostAllowed(host, Exchanges.arrivedOnLoopback(req))) {
            reply = new AuthorizationServer.Reply(403, null, Map.of("error", "invalid_request",
                    "error_description", "host not allowed"));
        } else {
            try {
                reply = handler.handle(auth.resource(host));
            } catch (IOException | IllegalArgumentException e) { // an unreadable body, a bad %-escape
                reply = new AuthorizationServer.Reply(400, null, Map.of("error", "invalid_request",
                        "error_description", "the request could not be read"));
            }
        }
        if (reply.location() != null) {
            res.status(Status.FOUND_302);
            res.header(HeaderNames.LOCATION, reply.location());
            res.send();
            return;
        }
        res.status(Status.create(reply.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (reply.status() == 401 && req.headers().first(HeaderNames.AUTHORIZATION).isPresent()) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"token\""); // RFC 6749 5.2 invalid_client
        }
        res.send(Json.write(reply.body()).getBytes(StandardCharsets.UTF_8));
    }

    private static void preflight(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type, MCP-Protocol-Version");
        res.status(Status.NO_CONTENT_204).send();
    }

    private static AuthorizationServer.Reply tooLarge() {
        return new AuthorizationServer.Reply(413, null, Map.of("error", "invalid_request",
                "error_description", "the body is larger than " + BODY_LIMIT + " bytes"));
    }

    /** The body, or null when it is larger than the limit. */
    private static byte[] body(ServerRequest req) throws IOException {
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(BODY_LIMIT + 1);
            return body.length > BODY_LIMIT ? null : body;
        }
    }

    private static Map<String, List<String>> query(ServerRequest req) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            params.put(name, req.query().all(name));
        }
        return params;
    }

    /** An {@code application/x-www-form-urlencoded} body's parameters. */
    static Map<String, List<String>> form(String body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }
}

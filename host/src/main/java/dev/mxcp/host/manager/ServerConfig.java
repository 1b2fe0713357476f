package dev.mxcp.host.manager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.json.Json;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One server's config, parsed strictly: the seed's schema plus our documented keys (see {@link McpManager}),
 * defaults from IBM ContextForge's gateway where it has one. Every error names the server and the key.
 */
record ServerConfig(String id, String name, String serverType, Target target, int priority, List<String> tags,
                    int instances, Duration connectTimeout, Duration requestTimeout, HealthCheck health,
                    Breaker breaker) {

    /** Where the server runs: the kind of server, chosen by {@code url} or {@code project}. */
    sealed interface Target permits Remote, Local, Stdio {
        /** For messages: the URL or the project directory. */
        String where();
    }

    /** A remote server over Streamable HTTP. */
    record Remote(URI url, Auth auth) implements Target {
        @Override
        public String where() {
            return url.toString();
        }
    }

    /** A stdio server run as a child process: the command line and the variables set for it. */
    record Stdio(List<String> command, Map<String, String> env) implements Target {
        @Override
        public String where() {
            return "command " + command.getFirst();
        }
    }

    /** A local MXCP project, run in-process; {@code profile} null for the project's own. */
    record Local(Path project, String profile) implements Target {
        @Override
        public String where() {
            return "project " + project;
        }
    }

    /** Headers sent with every request; the value is a secret and never appears in a message. */
    record Auth(String header, String value) {
        static final Auth NONE = new Auth(null, null);

        /** The header to send; null when none. Built unchecked: {@link #auth} checked it when it read it. */
        Header httpHeader() {
            return header == null ? null : HeaderValues.create(HeaderNames.create(header), value);
        }
    }

    /** @param interval zero for no periodic checks */
    record HealthCheck(Duration interval, Duration timeout, int unhealthyThreshold, Duration window,
                       double degradedErrorRate, long degradedLatencyMs) {
    }

    /** @param errorRate the share of failures among the last {@code minCalls} calls that opens the circuit */
    record Breaker(double errorRate, int minCalls, int consecutiveFailures, Duration cooldown) {
    }

    private static final Set<String> KEYS = Set.of("name", "server_type", "url", "auth", "priority", "tags",
            "instances", "timeouts", "health_check", "circuit_breaker", "project", "profile", "command", "args", "env");

    static ServerConfig parse(String id, String json) {
        JsonNode node;
        try {
            node = Json.parse(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw invalid(id, "config is not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + where + ")");
        }
        return parse(id, node);
    }

    static ServerConfig parse(String id, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw invalid(id, "config must be a JSON object");
        }
        Reader r = new Reader(id, "", node, KEYS);
        Target target = target(id, r);
        Reader timeouts = r.object("timeouts", Set.of("connect", "request"));
        Reader health = r.object("health_check", Set.of("interval", "timeout", "unhealthy_threshold", "window",
                "degraded_error_rate", "degraded_latency_ms"));
        Reader breaker = r.object("circuit_breaker", Set.of("error_rate", "min_calls", "consecutive_failures", "cooldown"));
        return new ServerConfig(id, r.string("name", id), r.string("server_type", "generic"), target,
                r.integer("priority", 0, 0, 255), r.strings("tags"), r.integer("instances", 1, 1, 1024),
                timeouts.seconds("connect", 5, false), timeouts.seconds("request", 30, false),
                new HealthCheck(health.seconds("interval", 60, true), health.seconds("timeout", 5, false),
                        health.integer("unhealthy_threshold", 3, 1, 1000), health.seconds("window", 60, false),
                        health.fraction("degraded_error_rate", 0.1), health.integer("degraded_latency_ms", 2000, 1,
                        Integer.MAX_VALUE)),
                new Breaker(breaker.fraction("error_rate", 0.5), breaker.integer("min_calls", 10, 1, 10_000),
                        breaker.integer("consecutive_failures", 5, 1, 10_000), breaker.seconds("cooldown", 60, false)));
    }

    private static Target target(String id, Reader r) {
        boolean remote = r.node.has("url");
        boolean local = r.node.has("project");
        boolean stdio = r.node.has("command");
        if ((remote ? 1 : 0) + (local ? 1 : 0) + (stdio ? 1 : 0) != 1) {
            throw invalid(id, "config needs one of 'url' (a remote MCP server over Streamable HTTP), 'project' (a local"
                    + " MXCP project's directory) or 'command' (a stdio server run as a child process)"
                    + (remote || local || stdio ? ", not several" : ""));
        }
        for (String stdioKey : List.of("args", "env")) {
            if (!stdio && r.node.has(stdioKey)) {
                throw invalid(id, "'" + stdioKey + "' belongs to a stdio server ('command')");
            }
        }
        if (!remote && r.node.has("auth")) {
            throw invalid(id, "'auth' belongs to a remote server ('url')");
        }
        if (!local && r.node.has("profile")) {
            throw invalid(id, "'profile' belongs to a local project ('project')");
        }
        if (stdio) {
            List<String> command = new ArrayList<>();
            command.add(r.string("command", null));
            command.addAll(r.strings("args"));
            return new Stdio(List.copyOf(command), r.variables("env"));
        }
        if (remote) {
            return new Remote(url(id, r.string("url", null)), auth(id, r));
        }
        Path project = Path.of(r.string("project", null)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(project.resolve("mxcp-site.yml"))) {
            throw invalid(id, "'project' must be an MXCP project's directory (with mxcp-site.yml): " + project);
        }
        return new Local(project, r.string("profile", null));
    }

    /** A URL with no path, as the seed's {@code http://localhost:8001}, means the server's {@code /mcp} endpoint. */
    private static URI url(String id, String text) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw invalid(id, "'url' must be an http:// or https:// URL with a host, got '" + text + "'");
            }
            String path = uri.getRawPath();
            return path == null || path.isEmpty() || path.equals("/") ? uri.resolve("/mcp") : uri;
        } catch (URISyntaxException e) {
            throw invalid(id, "'url' is not a URL: " + e.getReason());
        }
    }

    private static Auth auth(String id, Reader r) {
        JsonNode node = r.node.get("auth");
        if (node == null || node.isNull()) {
            return Auth.NONE;
        }
        Reader auth = r.object("auth", Set.of("type", "key", "token", "header"));
        String type = auth.string("type", null);
        Auth configured = switch (type) {
            case "none" -> {
                auth.forbid("key", "token", "header");
                yield Auth.NONE;
            }
            case "api_key" -> {
                auth.forbid("token");
                yield new Auth(auth.string("header", "X-API-Key"), auth.required("key"));
            }
            case "bearer" -> {
                auth.forbid("key", "header");
                yield new Auth("Authorization", "Bearer " + auth.required("token"));
            }
            case null -> throw invalid(id, "'auth' needs 'type' (none, api_key or bearer)");
            default -> throw invalid(id, "'auth.type' must be none, api_key or bearer, got '" + type + "'");
        };
        if (configured.header() != null) {
            try { // checked here, once: requests do not check their headers again
                configured.httpHeader().validate();
            } catch (IllegalArgumentException e) { // its message would show the secret
                throw invalid(id, "'auth' makes no valid HTTP header " + configured.header()
                        + " (a header name is a token; a key or token has no line breaks or control characters)");
            }
        }
        return configured;
    }

    static McpManagerException invalid(String id, String message) {
        return new McpManagerException(McpManagerException.Kind.INVALID_CONFIG, id,
                "Invalid config for server '" + id + "': " + message);
    }

    /** Reads the keys of one object of the config, rejecting unknown ones; {@code path} prefixes key names. */
    private record Reader(String id, String path, JsonNode node, Set<String> known) {
        Reader {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                String key = fields.next().getKey();
                if (!known.contains(key)) {
                    throw invalid(id, "unknown key '" + path + key + "' (known: " + String.join(", ", new TreeSet<>(known)) + ")");
                }
            }
        }

        Reader object(String key, Set<String> keys) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                value = Json.MAPPER.createObjectNode();
            } else if (!value.isObject()) {
                throw invalid(id, "'" + path + key + "' must be an object");
            }
            return new Reader(id, path + key + ".", value, keys);
        }

        void forbid(String... keys) {
            for (String key : keys) {
                if (node.has(key)) {
                    throw invalid(id, "'" + path + key + "' does not apply to auth type '" + node.get("type").asText() + "'");
                }
            }
        }

        String string(String key, String fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isTextual() || value.asText().isBlank()) {
                throw invalid(id, "'" + path + key + "' must be a non-empty string");
            }
            return value.asText();
        }

        String required(String key) {
            String value = string(key, null);
            if (value == null) {
                throw invalid(id, "'" + path + key + "' is required for auth type '" + node.get("type").asText() + "'");
            }
            return value;
        }

        int integer(String key, int fallback, int min, int max) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
                throw invalid(id, "'" + path + key + "' must be an integer from " + min + " to " + max + ", got " + value);
            }
            return value.asInt();
        }

        double fraction(String key, double fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isNumber() || value.asDouble() <= 0 || value.asDouble() > 1) {
                throw invalid(id, "'" + path + key + "' must be a number above 0 and at most 1, got " + value);
            }
            return value.asDouble();
        }

        /** A duration in seconds (fractions allowed); zero only where {@code zeroAllowed}. */
        Duration seconds(String key, double fallback, boolean zeroAllowed) {
            JsonNode value = node.get(key);
            double seconds = value == null || value.isNull() ? fallback : value.isNumber() ? value.asDouble() : -1;
            if (seconds < 0 || (seconds == 0 && !zeroAllowed) || seconds > 86_400) {
                throw invalid(id, "'" + path + key + "' must be a number of seconds " + (zeroAllowed ? "from 0" : "above 0")
                        + " to 86400, got " + value);
            }
            return Duration.ofNanos(Math.round(seconds * 1e9));
        }

        /** An object of string values (environment variables); values are secrets, never in messages. */
        Map<String, String> variables(String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return Map.of();
            }
            Map<String, String> variables = new java.util.LinkedHashMap<>();
            if (value.isObject()) {
                value.fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual()) {
                        throw invalid(id, "'" + path + key + "." + e.getKey() + "' must be a string");
                    }
                    variables.put(e.getKey(), e.getValue().asText());
                });
                return java.util.Collections.unmodifiableMap(variables);
            }
            throw invalid(id, "'" + path + key + "' must be an object of strings");
        }

        List<String> strings(String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return List.of();
            }
            List<String> list = new ArrayList<>();
            if (value.isArray()) {
                for (JsonNode item : value) {
                    if (item.isTextual()) {
                        list.add(item.asText());
                    }
                }
            }
            if (!value.isArray() || list.size() != value.size()) {
                throw invalid(id, "'" + path + key + "' must be a list of strings");
            }
            return List.copyOf(list);
        }
    }
}

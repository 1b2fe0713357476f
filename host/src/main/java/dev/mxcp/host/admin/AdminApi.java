package dev.mxcp.host.admin;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ConfigException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.EndpointSet;
import dev.mxcp.host.endpoint.Executable;
import dev.mxcp.host.endpoint.PromptDef;
import dev.mxcp.host.endpoint.ResourceDef;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.engine.ReloadStatus;
import dev.mxcp.host.engine.ServedEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MXCP's admin API, its routes and JSON: {@code GET /health}, {@code /status}, {@code /config},
 * {@code /endpoints} and {@code POST /reload}. Knows no transport ({@link AdminSocket} serves it).
 *
 * @param transport what {@code /config} names as the transport ({@code streamable-http} or {@code stdio})
 * @param version this runtime's version, for {@code /status}
 * @param socket the admin socket's path, for {@code /status}
 */
public record AdminApi(ProjectRuntime runtime, String transport, String version, Path socket, Instant started) {

    private static final System.Logger LOG = System.getLogger(AdminApi.class.getName());

    /** An answer: the HTTP status and the body to write as JSON. */
    public record Response(int status, Object body) {
    }

    /** Answers one request; {@code path} without its query. */
    public Response handle(String method, String path) {
        boolean get = method.equals("GET") || method.equals("HEAD");
        try {
            return switch (path) {
                case "/health" -> get ? ok(health()) : notAllowed();
                case "/status" -> get ? ok(status()) : notAllowed();
                case "/config" -> get ? ok(config()) : notAllowed();
                case "/endpoints" -> get ? ok(Map.of("endpoints", endpoints())) : notAllowed();
                case "/reload" -> method.equals("POST") ? reload() : notAllowed();
                default -> new Response(404, Map.of("detail", "Not Found"));
            };
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "The admin API failed on " + method + " " + path + ": " + e.getMessage(), e);
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", "internal_error");
            error.put("message", "Internal server error");
            error.put("detail", null);
            return new Response(500, error);
        }
    }

    private static Response ok(Object body) {
        return new Response(200, body);
    }

    private static Response notAllowed() {
        return new Response(405, Map.of("detail", "Method Not Allowed"));
    }

    private static Map<String, Object> health() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "ok");
        out.put("timestamp", Instant.now().toString());
        return out;
    }

    private Map<String, Object> status() {
        ProjectConfig config = runtime.config();
        long uptime = Duration.between(started, Instant.now()).toSeconds();
        ReloadStatus reloads = runtime.reloadStatus();
        Map<String, Object> reload = new LinkedHashMap<>();
        reload.put("in_progress", reloads.inProgress());
        reload.put("draining", reloads.draining());
        reload.put("active_requests", reloads.activeCalls());
        reload.put("last_reload", reloads.last() == null ? null : reloads.last().at().toString());
        reload.put("last_reload_status", reloads.last() == null ? null : reloads.last().error() == null ? "success" : "error");
        reload.put("last_reload_error", reloads.last() == null ? null : reloads.last().error());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "ok");
        out.put("version", version);
        out.put("uptime", uptime / 3600 + "h" + uptime % 3600 / 60 + "m" + uptime % 60 + "s");
        out.put("uptime_seconds", uptime);
        out.put("pid", ProcessHandle.current().pid());
        out.put("profile", config.profileName());
        out.put("mode", config.readOnly() ? "readonly" : "readwrite");
        out.put("debug", debug());
        out.put("reload", reload);
        out.put("admin_socket", Map.of("path", socket.toString()));
        return out;
    }

    /** What is configured, without a secret: paths, mode, counts, features (MXCP's {@code ConfigResponse}). */
    private Map<String, Object> config() {
        ProjectConfig config = runtime.config();
        ServedEndpoints served = runtime.served();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("tools", served.enabled(EndpointDef.Kind.TOOL).size());
        counts.put("prompts", served.enabled(EndpointDef.Kind.PROMPT).size());
        counts.put("resources", served.enabled(EndpointDef.Kind.RESOURCE).size());
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("sql_tools", !served.builtIn().isEmpty());
        features.put("audit_logging", config.audit().enabled());
        features.put("telemetry", config.telemetry().enabled());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "ok");
        out.put("project", config.site().project());
        out.put("profile", config.profileName());
        out.put("repository_path", config.root().toString());
        out.put("duckdb_path", config.databasePath() == null ? ":memory:" : config.databasePath().toString());
        out.put("readonly", config.readOnly());
        out.put("debug", debug());
        out.put("endpoints", counts);
        out.put("features", features);
        out.put("transport", transport);
        return out;
    }

    /** Every endpoint file as last loaded: those that load, enabled or not, then those that failed. */
    private List<Map<String, Object>> endpoints() {
        Path root = runtime.config().root();
        EndpointSet loaded = runtime.served().loaded();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Endpoint endpoint : loaded.all()) {
            EndpointDef def = endpoint.definition();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", relative(root, endpoint.file()));
            entry.put("type", def.kind().yamlName());
            entry.put("name", def instanceof ResourceDef r && r.name() != null ? r.name() : def.key());
            entry.put("description", def.description());
            entry.put("language", def instanceof Executable code && !(def instanceof PromptDef)
                    ? code.language().yamlName() : null);
            entry.put("enabled", def.enabled());
            entry.put("status", def.enabled() ? "ok" : "disabled");
            entry.put("error", null);
            out.add(entry);
        }
        for (ConfigException error : loaded.errors()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", relative(root, error.location().file()));
            entry.put("type", null);
            entry.put("name", null);
            entry.put("description", null);
            entry.put("language", null);
            entry.put("enabled", false);
            entry.put("status", "error");
            entry.put("error", error.getMessage());
            out.add(entry);
        }
        return out;
    }

    /** Queues a reload, as SIGHUP does, and answers at once (MXCP: check {@code /status}). */
    private Response reload() {
        ProjectRuntime.Reload reload;
        try {
            reload = runtime.reloadConfiguration("admin socket");
        } catch (MxcpException e) {
            return new Response(500, Map.of("detail", "Reload failed: " + e.getMessage()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "reload_initiated");
        out.put("timestamp", Instant.now().toString());
        out.put("reload_request_id", reload.id());
        out.put("message", "Reload request queued. Use GET /status to check progress.");
        return ok(out);
    }

    private static String relative(Path root, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }

    /** Whether debug logs are on ({@code --debug}, {@code MXCP_DEBUG}). */
    private static boolean debug() {
        return System.getLogger("dev.mxcp.host").isLoggable(System.Logger.Level.DEBUG);
    }
}

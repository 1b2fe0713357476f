package dev.mxcp.host.cli;

import dev.mxcp.host.Mxcp;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.AuthConfig;
import dev.mxcp.host.config.ConfigException;
import dev.mxcp.host.config.ServerSettings;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.json.Json;
import dev.mxcp.host.transport.LegacySse;
import io.helidon.webserver.WebServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code mxcp serve}: serves the project over MCP, on Streamable HTTP (default 127.0.0.1:8000, path /mcp) or
 * stdio, with the settings {@link ServerSettings} resolves from the user configuration and these flags. SIGTERM or SIGINT stops
 * accepting requests, lets running ones finish (bounded), then closes the database. SIGHUP reloads the configuration
 * ({@link ProjectRuntime#reloadConfiguration}).
 */
@Command(name = "serve", description = "Serve the project's endpoints to MCP clients (Streamable HTTP or stdio).")
final class ServeCommand extends ProjectCommand {

    static final String PATH = "/mcp";

    @Option(names = "--transport", paramLabel = "NAME", description = "streamable-http, sse (the old HTTP+SSE transport, at /sse) or stdio (default: user config, else streamable-http).")
    String transport;

    @Option(names = "--host", description = "Address to bind (default: user config, else 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: user config, else 8000).")
    Integer port;

    @Option(names = "--stateless", description = "No sessions: each HTTP request stands alone.")
    boolean stateless;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN", description = "A browser origin allowed besides localhost ones"
            + " (repeatable; * for any); added to the user config's transport.http.allowed_origins.")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--allowed-host", paramLabel = "HOST", description = "A Host header value allowed (repeatable); added to"
            + " the user config's transport.http.allowed_hosts; default: loopback names on loopback addresses, else any.")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--max-request-bytes", paramLabel = "N", description = "Larger request bodies get HTTP 413 (default: 4 MiB).")
    Long maxRequestBytes;

    @Option(names = "--drain-seconds", paramLabel = "S", description = "On shutdown, how long running calls may take to finish (default: 30).")
    Integer drainSeconds;

    @Option(names = "--poll-after-ms", paramLabel = "MS", description = "Close the SSE stream of a call running longer than this"
            + " and let the client resume it with GET + Last-Event-ID (2025-11-25 clients; default: 0, never).")
    Long pollAfterMillis;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "text (default) or json: one JSON object per"
            + " log line, for log shippers.")
    String logFormat;

    @Option(names = "--no-watch", description = "Do not reload endpoints when their files change.")
    boolean noWatch;

    @Option(names = "--ignore-errors", description = "Start even when some endpoints fail to load or validate; they are not served.")
    boolean ignoreErrors;

    @Option(names = "--sql-tools", arity = "1", paramLabel = "true|false", description = "Serve MXCP's built-in SQL tools (execute_sql_query,"
            + " list_tables, get_table_schema) or not, over the site file's sql_tools.enabled.")
    Boolean sqlTools;

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) throws Exception {
        if (logFormat != null) {
            switch (logFormat) {
                case "json" -> Logs.json(cli.debug);
                case "text" -> { }
                default -> throw new UsageException("--log-format: expected text or json, not '" + logFormat + "'");
            }
        }
        runtime.serveOnlyValidEndpoints();
        List<ConfigException> broken = runtime.endpoints().errors();
        if (!broken.isEmpty() && !ignoreErrors) {
            return refuseBrokenEndpoints(cli, runtime.config().root(), broken);
        }
        Mxcp mxcp = Mxcp.builder().runtime(runtime).settings(flags()).build();
        if (runtime.config().adminSocket() != null) {
            cli.err.println("mxcp: admin API on the unix socket " + runtime.config().adminSocket());
        }
        SignalHandler previous = reloadOnHangup(cli, runtime);
        try {
            if (mxcp.settings().transport().equals(ServerSettings.STDIO)) {
                try (mxcp) {
                    runtime.prestartGuests();
                    return stdio(cli, mxcp, runtime);
                }
            }
            return http(cli, mxcp, runtime);
        } finally {
            if (previous != null) {
                Signal.handle(HANGUP, previous);
            }
        }
    }

    private static final Signal HANGUP = new Signal("HUP");

    /**
     * As MXCP: SIGHUP reloads the configuration, with one line on stderr when it is done (a refusal is logged by
     * the runtime). Returns the handler it replaced (the JVM's: shut down), or null where SIGHUP cannot be handled.
     */
    private static SignalHandler reloadOnHangup(Main.Cli cli, ProjectRuntime runtime) {
        try {
            return Signal.handle(HANGUP, signal -> runtime.reloadConfiguration("SIGHUP").done()
                    .thenRun(() -> cli.err.println("mxcp: reloaded the configuration (SIGHUP)")));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "SIGHUP cannot reload the configuration here: " + e.getMessage());
            return null;
        }
    }

    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

    /**
     * As MXCP: a project with endpoints that fail to load or validate does not start (its clients would miss tools
     * without a word) unless {@code --ignore-errors}; each file with its error, and MXCP's JSON with
     * {@code --json-output}.
     */
    private static int refuseBrokenEndpoints(Main.Cli cli, Path root, List<ConfigException> broken) {
        String summary = "Found " + broken.size() + " endpoint(s) with errors";
        if (cli.jsonOutput) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", "error");
            out.put("message", summary);
            out.put("failed_endpoints", broken.stream().map(e -> Map.of("path", path(root, e), "error", e.getMessage()))
                    .toList());
            cli.out.println(Json.writePretty(out));
            return 1;
        }
        cli.err.println("Error: server startup failed: " + summary.substring(0, 1).toLowerCase(Locale.ROOT)
                + summary.substring(1));
        for (ConfigException e : broken) {
            cli.err.println("  " + e.getMessage());
        }
        cli.err.println("Fix them (mxcp validate shows each) or use --ignore-errors to serve the other endpoints.");
        return 1;
    }

    private static String path(Path root, ConfigException e) {
        Path file = e.location().file();
        return file.isAbsolute() && file.startsWith(root) ? root.relativize(file).toString() : file.toString();
    }

    /** The flags given, as overrides of the user configuration ({@code --no-watch} or not, watching is given). */
    private ServerSettings.Overrides flags() {
        return new ServerSettings.Overrides(transport, host, port, stateless ? Boolean.TRUE : null, allowedOrigins,
                allowedHosts, maxRequestBytes, pollAfterMillis == null ? null : Duration.ofMillis(pollAfterMillis),
                drainSeconds == null ? null : Duration.ofSeconds(drainSeconds), null, null, !noWatch, sqlTools);
    }

    private int stdio(Main.Cli cli, Mxcp mxcp, ProjectRuntime runtime) throws Exception {
        PrintStream protocol = cli.out;
        System.setOut(cli.err); // stdout carries the protocol only
        Thread hook = shutdownHook(mxcp, null, runtime, new CountDownLatch(1));
        Runtime.getRuntime().addShutdownHook(hook);
        mxcp.serveStdio(System.in, protocol);
        Runtime.getRuntime().removeShutdownHook(hook);
        return 0;
    }

    private int http(Main.Cli cli, Mxcp mxcp, ProjectRuntime runtime) throws Exception {
        ServerSettings settings = mxcp.settings();
        WebServer server;
        try {
            runtime.prestartGuests();
            server = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .shutdownHook(false)
                    .routing(routing -> mxcp.mount(routing, path(settings)))
                    .build()
                    .start();
        } catch (RuntimeException e) {
            mxcp.close();
            if (e instanceof MxcpException) {
                throw e;
            }
            throw new MxcpException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        String shown = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        cli.err.println("mxcp: serving project '" + runtime.config().site().project() + "' over MCP at http://"
                + shown + ":" + server.port() + (settings.transport().equals(ServerSettings.SSE) ? LegacySse.STREAM_PATH : PATH));
        AuthConfig auth = runtime.config().userProfile().auth();
        if (auth.enabled() && auth.mode() == AuthConfig.Mode.ISSUER) {
            cli.err.println("mxcp: callers log in at " + auth.upstream().issuer() + " through this server (OAuth"
                    + " metadata: /.well-known/oauth-authorization-server; the provider's redirect URI: this server's"
                    + " URL + " + auth.upstream().callbackPath() + ")");
        } else if (auth.enabled()) {
            cli.err.println("mxcp: callers need bearer tokens of " + auth.oidc().issuer()
                    + " (metadata: /.well-known/oauth-protected-resource)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(shutdownHook(mxcp, server, runtime, stopped));
        stopped.await();
        return 0;
    }

    /** Streamable HTTP at /mcp; the old HTTP+SSE transport at MXCP's root paths (/sse, /messages/). */
    private static String path(ServerSettings settings) {
        return settings.transport().equals(ServerSettings.SSE) ? "" : PATH;
    }

    /** On SIGTERM/SIGINT: refuse new requests, let running ones finish (bounded), stop, close the database. */
    private Thread shutdownHook(Mxcp mxcp, WebServer server, ProjectRuntime runtime, CountDownLatch stopped) {
        return new Thread(() -> {
            try {
                mxcp.drain();
                if (server != null) {
                    server.stop();
                }
                mxcp.close();
                runtime.close();
            } finally {
                stopped.countDown();
            }
        }, "mxcp-shutdown");
    }
}

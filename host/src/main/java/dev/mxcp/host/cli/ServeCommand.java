package dev.mxcp.host.cli;

import dev.mxcp.host.Mxcp;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.UserConfig;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.transport.HttpOptions;
import io.helidon.webserver.WebServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mxcp serve}: serves the project over MCP, on Streamable HTTP (default 127.0.0.1:8000, path /mcp) or
 * stdio, with defaults from the user configuration's {@code transport} section. SIGTERM or SIGINT stops
 * accepting requests, lets running ones finish (bounded), then closes the database.
 */
@Command(name = "serve", description = "Serve the project's endpoints to MCP clients (Streamable HTTP or stdio).")
final class ServeCommand extends ProjectCommand {

    static final String PATH = "/mcp";

    @Option(names = "--transport", paramLabel = "NAME", description = "streamable-http or stdio (default: user config, else streamable-http).")
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
            + " the user config's transport.http.allowed_hosts; default: loopback names when bound to loopback, else any.")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--max-request-bytes", paramLabel = "N", description = "Larger request bodies get HTTP 413 (default: 4 MiB).")
    long maxRequestBytes = HttpOptions.DEFAULT_MAX_REQUEST_BYTES;

    @Option(names = "--drain-seconds", paramLabel = "S", description = "On shutdown, how long running calls may take to finish (default: 30).")
    int drainSeconds = 30;

    @Option(names = "--poll-after-ms", paramLabel = "MS", description = "Close the SSE stream of a call running longer than this"
            + " and let the client resume it with GET + Last-Event-ID (2025-11-25 clients; default: 0, never).")
    long pollAfterMillis;

    @Option(names = "--no-watch", description = "Do not reload endpoints when their files change.")
    boolean noWatch;

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) throws Exception {
        UserConfig.Transport defaults = runtime.config().user().transport();
        String provider = transport != null ? transport : defaults.provider();
        runtime.prestartGuests();
        return switch (provider) {
            case "stdio" -> stdio(cli, runtime);
            case "streamable-http" -> http(cli, runtime, defaults.http());
            default -> throw new MxcpException("transport '" + provider + "' is not supported; use streamable-http or stdio");
        };
    }

    private int stdio(Main.Cli cli, ProjectRuntime runtime) throws Exception {
        PrintStream protocol = cli.out;
        System.setOut(cli.err); // stdout carries the protocol only
        try (Mxcp mxcp = Mxcp.builder().runtime(runtime).watch(!noWatch).build()) {
            Thread hook = shutdownHook(mxcp, null, runtime, new CountDownLatch(1));
            Runtime.getRuntime().addShutdownHook(hook);
            mxcp.serveStdio(System.in, protocol);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return 0;
    }

    private int http(Main.Cli cli, ProjectRuntime runtime, UserConfig.Transport.Http defaults) throws Exception {
        String bind = host != null ? host : defaults.host();
        if (bind.equals("localhost")) {
            bind = "127.0.0.1"; // MXCP's "localhost": loopback, whatever the resolver says
        }
        boolean loopback = bind.startsWith("127.") || bind.equals("::1");
        HttpOptions options = new HttpOptions(stateless || defaults.stateless(),
                merged(defaults.allowedOrigins(), allowedOrigins, "--allowed-origin", UserConfig.Transport.Http::originProblem),
                merged(defaults.allowedHosts(), allowedHosts, "--allowed-host", UserConfig.Transport.Http::hostProblem),
                loopback, maxRequestBytes, pollAfterMillis > 0 ? Duration.ofMillis(pollAfterMillis) : null);
        Mxcp mxcp = Mxcp.builder().runtime(runtime).http(options).watch(!noWatch).build();
        WebServer server;
        try {
            server = WebServer.builder()
                    .host(bind)
                    .port(port != null ? port : defaults.port())
                    .shutdownHook(false)
                    .routing(routing -> mxcp.mount(routing, PATH))
                    .build()
                    .start();
        } catch (RuntimeException e) {
            mxcp.close();
            throw new MxcpException("cannot listen on " + bind + ":" + (port != null ? port : defaults.port()) + ": "
                    + e.getMessage(), e);
        }
        String shown = bind.contains(":") ? "[" + bind + "]" : bind;
        cli.err.println("mxcp: serving project '" + runtime.config().site().project() + "' over MCP at http://"
                + shown + ":" + server.port() + PATH);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(shutdownHook(mxcp, server, runtime, stopped));
        stopped.await();
        return 0;
    }

    /** The user config's list plus the values of {@code flag}, each checked as the config's are. */
    private static List<String> merged(List<String> configured, List<String> given, String flag,
                                       Function<String, String> problem) {
        for (String value : given) {
            String wrong = problem.apply(value);
            if (wrong != null) {
                throw new MxcpException(flag + ": " + wrong);
            }
        }
        List<String> all = new ArrayList<>(configured);
        all.addAll(given);
        return all;
    }

    /** On SIGTERM/SIGINT: refuse new requests, let running ones finish (bounded), stop, close the database. */
    private Thread shutdownHook(Mxcp mxcp, WebServer server, ProjectRuntime runtime, CountDownLatch stopped) {
        return new Thread(() -> {
            try {
                mxcp.drain(Duration.ofSeconds(drainSeconds));
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

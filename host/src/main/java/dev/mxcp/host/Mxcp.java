package dev.mxcp.host;

import dev.mxcp.host.config.ServerSettings;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.mcp.CompletionProvider;
import dev.mxcp.host.mcp.RateLimit;
import dev.mxcp.host.transport.HttpOptions;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * An MXCP project served over MCP, for embedding in a Helidon SE application:
 *
 * <pre>{@code
 * Mxcp mxcp = Mxcp.create(Path.of("my-project"));
 * WebServer.builder().port(8080)
 *         .routing(r -> r.get("/health", (req, res) -> res.send("ok"))
 *                        .register("/mcp", mxcp.httpService()))
 *         .build().start();
 * Object rows = mxcp.call("search_customers", Map.of("country", "UK"));
 * }</pre>
 *
 * Close it to end the MCP sessions and close the project's database.
 */
public interface Mxcp extends AutoCloseable {

    /** A builder: set at least {@link Builder#project(Path)} or {@link Builder#runtime(ProjectRuntime)}. */
    static Builder builder() {
        return new MxcpBuilder();
    }

    /** The project in {@code projectDir} with its default profile, the user's configuration and defaults. */
    static Mxcp create(Path projectDir) {
        return builder().project(projectDir).build();
    }

    /**
     * The MCP endpoint (Streamable HTTP: POST, GET and DELETE at one path), to register on a routing at the
     * path of your choice, e.g. {@code routing.register("/mcp", mxcp.httpService())}. Always the same instance.
     */
    HttpService httpService();

    /**
     * Registers {@link #httpService()} at {@code path} on {@code routing}, {@code /metrics} (Prometheus text) and
     * {@code /health}, and with authentication on the protected-resource metadata at
     * {@code /.well-known/oauth-protected-resource} (in issuer mode also the OAuth endpoints:
     * {@code /.well-known/oauth-authorization-server}, {@code /register}, {@code /authorize}, {@code /token} and the
     * provider's callback path); returns the routing.
     */
    default HttpRouting.Builder mount(HttpRouting.Builder routing, String path) {
        return routing.register(path, httpService());
    }

    /**
     * Calls a tool directly, without MCP: arguments are converted and checked by the tool's parameters,
     * and the result by its return type.
     *
     * @return the tool's result as plain Java values (maps, lists, strings, numbers...)
     * @throws dev.mxcp.host.base.MxcpException for an unknown tool, bad arguments or a failing call, with a one-line message
     */
    Object call(String tool, Map<String, ?> arguments);

    /** Serves one MCP client over newline-delimited JSON-RPC on these streams until {@code in} ends. */
    void serveStdio(InputStream in, OutputStream out) throws IOException;

    /**
     * Stops accepting new MCP requests and waits up to {@code timeout} for those running.
     *
     * @return true when none is left running
     */
    boolean drain(Duration timeout);

    /**
     * {@link #drain(Duration)} for the configured drain time ({@link ServerSettings#drainTime()}), as
     * {@code mxcp serve} does on SIGTERM.
     */
    default boolean drain() {
        return drain(settings().drainTime());
    }

    /** The settings this instance serves with, resolved from the project's configuration and the builder. */
    ServerSettings settings();

    /** Ends the MCP sessions, stops watching files, and closes the project's database if it opened it. */
    @Override
    void close();

    /**
     * Settings for {@link #builder()}. Server settings are resolved as by {@code mxcp serve}: defaults, the
     * user configuration's {@code transport} section, then this builder's calls. Building fails with an
     * {@link dev.mxcp.host.base.MxcpException} naming the file and key when the project sets something this
     * runtime does not apply yet (issuer-mode authentication, Vault...), or enables an audit log that cannot be written.
     */
    interface Builder {

        /** The project directory (holding mxcp-site.yml), loaded and owned by the built instance. */
        Builder project(Path projectDir);

        /** The profile to use instead of MXCP_PROFILE or the site file's profile. */
        Builder profile(String profile);

        /** Opens the database read-only. */
        Builder readOnly(boolean readOnly);

        /**
         * Environment variables for the configuration (default: the process's); {@code MXCP_ADMIN_ENABLED=true}
         * there opens the admin socket (at {@code MXCP_ADMIN_SOCKET}) for the built instance's life.
         */
        Builder environment(Map<String, String> env);

        /** An already opened runtime to serve instead of a project directory; the caller keeps closing it. */
        Builder runtime(ProjectRuntime runtime);

        /**
         * HTTP settings, winning over the user configuration's {@code transport.http}; their allowed origins and
         * hosts add to the configured ones (default: the configuration's, else {@link HttpOptions#defaults()}).
         */
        Builder http(HttpOptions options);

        /** Reload endpoints when their files change and tell clients (default: false). */
        Builder watch(boolean watch);

        /**
         * Server settings given by the application or a command line (null fields: not given), applied after
         * the project's configuration; {@link #http}, {@link #watch} and {@link #toolCallLimit} win over them.
         */
        Builder settings(ServerSettings.Overrides overrides);

        /** A completion source asked before the built-in one (enum values and examples). */
        Builder completion(CompletionProvider provider);

        /**
         * The rate limit of tool calls per MCP client ({@link RateLimit#OFF} for none); default: the user
         * configuration's {@code transport.rate_limit}, else {@link RateLimit#DEFAULT}.
         */
        Builder toolCallLimit(RateLimit limit);

        /** Loads the project (unless a runtime was given) and prepares the MCP server. */
        Mxcp build();
    }
}

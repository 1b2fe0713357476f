package dev.mxcp.host.config;

import dev.mxcp.host.base.MxcpException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a project is served, resolved in one place for {@code mxcp serve} and the embedding builder: the
 * defaults below, then the user configuration's {@code transport} section, then what command-line flags or
 * builder calls set ({@link Overrides}). Every setting has its default here and nowhere else.
 *
 * @param transport {@code streamable-http} or {@code stdio} (used by {@code mxcp serve}; an embedding
 *     application chooses by calling {@code httpService()} or {@code serveStdio})
 * @param host the address {@code mxcp serve} binds; MXCP's {@code localhost} is the loopback address
 * @param port the port {@code mxcp serve} listens on; 0 picks a free one
 * @param stateless no sessions: every HTTP request stands alone
 * @param allowedOrigins browser origins allowed besides the loopback ones; {@code *} for any
 * @param allowedHosts Host header values allowed besides loopback names (on a loopback address), or
 *     instead of any (on another address)
 * @param maxRequestBytes larger HTTP bodies get 413, longer stdio lines are refused
 * @param pollAfter how long a 2025-11-25 client's call may keep its POST stream before it must resume with
 *     GET + Last-Event-ID; {@link Duration#ZERO} for never
 * @param drainTime on shutdown, how long running calls may take to finish
 * @param toolCallsPerSecond the rate limit of tool calls per MCP client; 0 turns it off
 * @param toolCallBurst tool calls allowed at once after a pause (0 when the limit is off)
 * @param watch reload endpoints when their files change and tell clients
 * @param sqlTools serve MXCP's built-in SQL tools ({@code execute_sql_query}, {@code list_tables},
 *     {@code get_table_schema}): the site file's {@code sql_tools.enabled}, or {@code mxcp serve --sql-tools}
 */
public record ServerSettings(
        String transport,
        String host,
        int port,
        boolean stateless,
        List<String> allowedOrigins,
        List<String> allowedHosts,
        long maxRequestBytes,
        Duration pollAfter,
        Duration drainTime,
        int toolCallsPerSecond,
        int toolCallBurst,
        boolean watch,
        boolean sqlTools) {

    public static final String STREAMABLE_HTTP = "streamable-http";
    public static final String STDIO = "stdio";
    /** MCP's old HTTP+SSE transport (2024-11-05), for clients that speak only it. */
    public static final String SSE = "sse";
    /** 4 MiB, ample for tool arguments. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    /** 50 calls per second: far above what a model-driven client makes. */
    public static final int DEFAULT_TOOL_CALLS_PER_SECOND = 50;

    /**
     * The defaults: Streamable HTTP on 127.0.0.1:8000 (MXCP's "localhost"), sessions on, loopback origins
     * only, 4 MiB bodies, no SSE polling, 30 s to drain, 50 tool calls per second with bursts of 100, no
     * file watching (which {@code mxcp serve} turns on unless {@code --no-watch}), no built-in SQL tools.
     */
    public static final ServerSettings DEFAULTS = new ServerSettings(STREAMABLE_HTTP, "127.0.0.1", 8000, false,
            List.of(), List.of(), DEFAULT_MAX_REQUEST_BYTES, Duration.ZERO, Duration.ofSeconds(30),
            DEFAULT_TOOL_CALLS_PER_SECOND, 2 * DEFAULT_TOOL_CALLS_PER_SECOND, false, false);

    public ServerSettings {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
        if (!transport.equals(STREAMABLE_HTTP) && !transport.equals(STDIO) && !transport.equals(SSE)) {
            throw new MxcpException("transport '" + transport + "' is not supported; use streamable-http, sse or stdio");
        }
        require(port >= 0 && port <= 65535, "port must be between 0 and 65535, got " + port);
        require(maxRequestBytes > 0, "the request size limit must be positive, got " + maxRequestBytes);
        require(!pollAfter.isNegative(), "the SSE poll-after time must not be negative, got " + pollAfter);
        require(!drainTime.isNegative(), "the drain time must not be negative, got " + drainTime);
        require(toolCallsPerSecond >= 0 && toolCallBurst >= 0 && (toolCallsPerSecond == 0 || toolCallBurst >= 1),
                "a rate limit needs positive tool calls per second and burst, got " + toolCallsPerSecond
                        + " and " + toolCallBurst);
        allowedOrigins.stream().map(UserConfig.Transport.Http::originProblem).filter(Objects::nonNull).findFirst()
                .ifPresent(problem -> {
                    throw new MxcpException("allowed origin: " + problem);
                });
        allowedHosts.stream().map(UserConfig.Transport.Http::hostProblem).filter(Objects::nonNull).findFirst()
                .ifPresent(problem -> {
                    throw new MxcpException("allowed host: " + problem);
                });
    }

    /**
     * Settings given by command-line flags or builder calls; null means "not given". Allowed origins and
     * hosts add to the configured ones; everything else replaces its configured value.
     */
    public record Overrides(String transport, String host, Integer port, Boolean stateless,
                            List<String> allowedOrigins, List<String> allowedHosts, Long maxRequestBytes,
                            Duration pollAfter, Duration drainTime, Integer toolCallsPerSecond, Integer toolCallBurst,
                            Boolean watch, Boolean sqlTools) {

        public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null, null, null,
                null, null, null, null);

        public Overrides {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        }

        private static <T> T or(T preferred, T fallback) {
            return preferred != null ? preferred : fallback;
        }
    }

    /**
     * The settings for {@code config}: defaults, then its user configuration's {@code transport} section and
     * its site file's {@code sql_tools.enabled}, then {@code overrides}. Does not check for unsupported settings: serving and running code do that
     * through {@code ProjectRuntime.settings}, which calls this.
     */
    public static ServerSettings resolve(ProjectConfig config, Overrides overrides) {
        return DEFAULTS.with(fromUserConfig(config.user().transport()))
                .with(fromSiteConfig(config.site())).with(overrides);
    }

    /** These settings with the given overrides applied. */
    public ServerSettings with(Overrides o) {
        int perSecond = o.toolCallsPerSecond() != null ? o.toolCallsPerSecond() : toolCallsPerSecond;
        // a rate given without a burst allows bursts of twice the rate
        int burst = o.toolCallBurst() != null ? o.toolCallBurst()
                : o.toolCallsPerSecond() != null ? 2 * perSecond : toolCallBurst;
        return new ServerSettings(
                Overrides.or(o.transport(), transport),
                o.host() == null ? host : o.host().equals("localhost") ? "127.0.0.1" : o.host(),
                Overrides.or(o.port(), port),
                Overrides.or(o.stateless(), stateless),
                concat(allowedOrigins, o.allowedOrigins()),
                concat(allowedHosts, o.allowedHosts()),
                Overrides.or(o.maxRequestBytes(), maxRequestBytes),
                Overrides.or(o.pollAfter(), pollAfter),
                Overrides.or(o.drainTime(), drainTime),
                perSecond,
                burst,
                Overrides.or(o.watch(), watch),
                Overrides.or(o.sqlTools(), sqlTools));
    }

    /** Whether tool calls are rate limited. */
    public boolean limitsToolCalls() {
        return toolCallsPerSecond > 0;
    }

    /** The site file's {@code sql_tools.enabled}, as an override of the defaults. */
    private static Overrides fromSiteConfig(SiteConfig site) {
        return new Overrides(null, null, null, null, null, null, null, null, null, null, null, null,
                site.sqlTools().enabled());
    }

    /** The user configuration's {@code transport} section, as overrides of the defaults. */
    private static Overrides fromUserConfig(UserConfig.Transport transport) {
        UserConfig.Transport.Http http = transport.http();
        UserConfig.Transport.RateLimit limit = transport.rateLimit();
        boolean limitOff = Boolean.FALSE.equals(limit.enabled());
        return new Overrides(transport.provider(), http.host(), http.port(), http.stateless(),
                http.allowedOrigins(), http.allowedHosts(), null, null, null,
                limitOff ? Integer.valueOf(0) : limit.toolCallsPerSecond(), limitOff ? Integer.valueOf(0) : limit.burst(),
                null, null);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        if (second.isEmpty()) {
            return first;
        }
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new MxcpException(problem);
        }
    }
}

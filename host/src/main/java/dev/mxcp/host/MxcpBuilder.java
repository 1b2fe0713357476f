package dev.mxcp.host;

import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.ServerSettings;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.mcp.CompletionProvider;
import dev.mxcp.host.mcp.RateLimit;
import dev.mxcp.host.mcp.RequestState;
import dev.mxcp.host.transport.HttpOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The builder behind {@link Mxcp#builder()}. */
final class MxcpBuilder implements Mxcp.Builder {

    private Path project;
    private String profile;
    private Boolean readOnly;
    private Map<String, String> env = System.getenv();
    private ProjectRuntime runtime;
    private ServerSettings.Overrides settings = ServerSettings.Overrides.NONE;
    private HttpOptions http;
    private Boolean watch;
    private final List<CompletionProvider> completions = new ArrayList<>();
    private RateLimit toolCallLimit;

    @Override
    public Mxcp.Builder project(Path projectDir) {
        this.project = projectDir;
        return this;
    }

    @Override
    public Mxcp.Builder profile(String profile) {
        this.profile = profile;
        return this;
    }

    @Override
    public Mxcp.Builder readOnly(boolean readOnly) {
        this.readOnly = readOnly;
        return this;
    }

    @Override
    public Mxcp.Builder environment(Map<String, String> env) {
        this.env = Map.copyOf(env);
        return this;
    }

    @Override
    public Mxcp.Builder runtime(ProjectRuntime runtime) {
        this.runtime = runtime;
        return this;
    }

    @Override
    public Mxcp.Builder http(HttpOptions options) {
        this.http = options;
        return this;
    }

    @Override
    public Mxcp.Builder watch(boolean watch) {
        this.watch = watch;
        return this;
    }

    @Override
    public Mxcp.Builder settings(ServerSettings.Overrides overrides) {
        this.settings = overrides;
        return this;
    }

    @Override
    public Mxcp.Builder completion(CompletionProvider provider) {
        completions.add(provider);
        return this;
    }

    @Override
    public Mxcp.Builder toolCallLimit(RateLimit limit) {
        this.toolCallLimit = limit;
        return this;
    }

    @Override
    public Mxcp build() {
        if (runtime != null) {
            return build(runtime, false);
        }
        if (project == null) {
            throw new IllegalStateException("set project(dir) or runtime(runtime)");
        }
        return build(ProjectRuntime.load(ProjectConfig.findRoot(project),
                new ProjectConfig.Overrides(profile, readOnly), env), true);
    }

    private Mxcp build(ProjectRuntime runtime, boolean owned) {
        try {
            // http(), watch() and toolCallLimit() win over settings(overrides) (mxcp serve passes its flags there)
            ServerSettings resolved = runtime.settings(settings).with(explicitCalls());
            return new MxcpImpl(new MxcpImpl.Parts(runtime, owned, resolved, List.copyOf(completions),
                    RequestState.of(env)));
        } catch (RuntimeException e) {
            if (owned) {
                runtime.close();
            }
            throw e;
        }
    }

    /** What {@link #http}, {@link #watch} and {@link #toolCallLimit} set, as overrides. */
    private ServerSettings.Overrides explicitCalls() {
        return new ServerSettings.Overrides(null, null, null,
                http == null ? null : http.stateless(),
                http == null ? null : http.allowedOrigins(),
                http == null ? null : http.allowedHosts(),
                http == null ? null : http.maxRequestBytes(),
                http == null ? null : http.pollAfter() == null ? Duration.ZERO : http.pollAfter(),
                null,
                toolCallLimit == null ? null : toolCallLimit.perSecond(),
                toolCallLimit == null ? null : toolCallLimit.burst(),
                watch, null);
    }
}

package dev.mxcp.host;

import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.mcp.CompletionProvider;
import dev.mxcp.host.mcp.RateLimit;
import dev.mxcp.host.transport.HttpOptions;
import java.nio.file.Path;
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
    private HttpOptions http = HttpOptions.defaults();
    private boolean watch;
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
            return new MxcpImpl(parts(runtime, false));
        }
        if (project == null) {
            throw new IllegalStateException("set project(dir) or runtime(runtime)");
        }
        ProjectConfig config = ProjectConfig.load(ProjectConfig.findRoot(project),
                new ProjectConfig.Overrides(profile, readOnly), env);
        return new MxcpImpl(parts(ProjectRuntime.open(config), true));
    }

    private MxcpImpl.Parts parts(ProjectRuntime runtime, boolean owned) {
        return new MxcpImpl.Parts(runtime, owned, http, watch, List.copyOf(completions), toolCallLimit);
    }
}

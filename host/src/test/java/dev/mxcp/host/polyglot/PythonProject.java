package dev.mxcp.host.polyglot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.guest.ClientChannel;
import dev.mxcp.guest.Content;
import dev.mxcp.guest.Elicitation;
import dev.mxcp.guest.Sampling;
import dev.mxcp.guest.UserContext;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.engine.ProjectRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A project with Python (or JavaScript) endpoints on disk, opened as the CLI opens it. Tests share one per class: each
 * project starts its own Python worker, which costs a second or two interpreted.
 */
final class PythonProject implements AutoCloseable {

    final Path root;
    final ProjectRuntime runtime;

    private PythonProject(Path root, ProjectRuntime runtime) {
        this.root = root;
        this.runtime = runtime;
    }

    /**
     * Writes {@code files} (path, content, path, content...) plus a site file with {@code siteExtra}
     * appended, and opens the project with an in-memory-free file database under data/.
     */
    static PythonProject create(Path dir, String siteExtra, String... files) {
        Fixtures.write(dir, "mxcp-site.yml", "mxcp: 1\nproject: demo\nprofile: dev\n" + siteExtra);
        for (int i = 0; i + 1 < files.length; i += 2) {
            Fixtures.write(dir, files[i], files[i + 1]);
        }
        Map<String, String> env = Fixtures.env(dir.resolve("home"));
        if (files.length > 0 && List.of(files).contains("config.yml")) {
            env.put("MXCP_CONFIG", dir.resolve("config.yml").toString());
        }
        ProjectConfig config = ProjectConfig.load(dir, ProjectConfig.Overrides.NONE, env);
        return new PythonProject(dir, ProjectRuntime.open(config));
    }

    /** A tool YAML for a Python function named like the tool in {@code file} (relative to python/). */
    static String tool(String name, String file, String parameters, String returns) {
        return "mxcp: 1\ntool:\n  name: " + name + "\n  language: python\n"
                + (parameters.isEmpty() ? "" : "  parameters:\n" + parameters.indent(4))
                + (returns.isEmpty() ? "" : "  return:\n" + returns.indent(4))
                + "  source:\n    file: ../python/" + file + "\n";
    }

    /** A tool YAML for a JavaScript function exported under the tool's name from {@code file} (relative to js/). */
    static String jsTool(String name, String file, String parameters, String returns) {
        return tool(name, file, parameters, returns).replace("language: python", "language: javascript")
                .replace("file: ../python/", "file: ../js/");
    }

    /**
     * Equivalent guest code in both languages and the tools it defines, one per row of {@code tools} ({name,
     * parameters YAML, return YAML}), each calling the function named like it.
     */
    record Scenario(String python, String js, String[][] tools) {

        /**
         * Opens the scenario's project in {@code language} ("python" or "javascript"): the code in
         * python/code.py or js/code.mjs, {@code siteExtra} and more files as in {@link #create}.
         */
        PythonProject open(Path root, String language, String siteExtra, String... files) {
            boolean python = language.equals("python");
            List<String> all = new ArrayList<>(List.of(python ? "python/code.py" : "js/code.mjs", python ? this.python : js));
            all.addAll(List.of(files));
            for (String[] tool : tools) {
                all.add("tools/" + tool[0] + ".yml");
                all.add(python ? tool(tool[0], "code.py", tool[1], tool[2]) : jsTool(tool[0], "code.mjs", tool[1], tool[2]));
            }
            return create(root, siteExtra, all.toArray(String[]::new));
        }
    }

    Object call(String tool, Map<String, Object> args) {
        return call(tool, args, CallContext.of(CallerContext.NONE));
    }

    Object call(String tool, Map<String, Object> args, CallContext context) {
        return runtime.call(runtime.served().require(EndpointDef.Kind.TOOL, tool).call(args, context, true)).plain();
    }

    /**
     * Calls the tools {@code item_count} and {@code sql_count} 40 times from 4 threads, and {@code rebuild}
     * (which schedules a reload) after the 10th: the results of the 40 calls, a failing call's error rethrown.
     */
    List<Object> callsAroundAReload() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<Future<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String tool = i % 2 == 0 ? "item_count" : "sql_count";
            calls.add(callers.submit(() -> call(tool, Map.of())));
            if (i == 10) {
                assertThat(call("rebuild", Map.of())).isEqualTo(Map.of("status", "scheduled"));
            }
        }
        callers.shutdown();
        assertThat(callers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        List<Object> results = new ArrayList<>();
        for (Future<Object> call : calls) {
            results.add(call.get());
        }
        return results;
    }

    Object callAs(String tool, UserContext user, Map<String, String> headers) {
        return call(tool, Map.of(), CallContext.of(new CallerContext(user, headers)));
    }

    @Override
    public void close() {
        runtime.close();
    }

    /** A channel that remembers what a call told its client. */
    static final class RecordingChannel implements ClientChannel {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void log(Level level, String message) {
            events.add(level + " " + message);
        }

        @Override
        public void progress(double progress, Double total, String message) {
            events.add("progress " + progress + "/" + total + " " + message);
        }

        /** Answers every sampling request with the prompt reversed. */
        @Override
        public Sampling.Result sample(Sampling.Request request) {
            String prompt = ((Content.Text) request.messages().getFirst().content()).text();
            events.add("sample " + prompt + " max " + request.maxTokens());
            return new Sampling.Result("assistant", Content.text(new StringBuilder(prompt).reverse().toString()),
                    "test-model", "endTurn");
        }

        /** Accepts every form with the first property's default. */
        @Override
        public Elicitation.Result elicit(Elicitation.Request request) {
            events.add("elicit " + request.message());
            @SuppressWarnings("unchecked")
            var properties = (Map<String, Map<String, Object>>) request.requestedSchema().get("properties");
            var first = properties.entrySet().iterator().next();
            return new Elicitation.Result(Elicitation.Action.ACCEPT, Map.of(first.getKey(), first.getValue().get("default")));
        }
    }
}

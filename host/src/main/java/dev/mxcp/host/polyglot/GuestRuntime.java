package dev.mxcp.host.polyglot;

import dev.mxcp.host.telemetry.SpanKeys;
import dev.mxcp.host.telemetry.Traced;
import dev.mxcp.host.telemetry.Traces;
import dev.mxcp.guest.ClientChannel;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.base.PoolSizes;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.SiteConfig;
import dev.mxcp.host.db.SqlFunctions;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.Executable;
import dev.mxcp.host.endpoint.Language;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The guest code of one project: a worker pool per language, each started on the first call of that
 * language (creating this object starts nothing, so SQL-only projects never start the polyglot engine).
 *
 * <p>Module state is per worker: each worker imports the project's modules and runs its {@code on_init}
 * hooks itself, so a cache filled by one worker is not seen by the others.
 */
public final class GuestRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GuestRuntime.class.getName());

    private final GuestEnvironment environment;
    private final GuestThreads threads = new GuestThreads();
    private final Map<Language, WorkerPool> pools = new EnumMap<>(Language.class);
    private final Map<Endpoint, Invocation> invocations = new ConcurrentHashMap<>();
    private final Map<Language, Boolean> hasCode = new ConcurrentHashMap<>();
    private boolean closed;

    private GuestRuntime(GuestEnvironment environment) {
        this.environment = environment;
    }

    /** A runtime for the project; nothing starts until the first call. */
    public static GuestRuntime create(GuestEnvironment environment) {
        return new GuestRuntime(environment);
    }

    /**
     * Calls a guest endpoint (a tool or resource in Python or JavaScript) with converted arguments.
     *
     * @return the function's result as the engine's Java values
     * @throws GuestException when the guest code raised; {@link MxcpException} for timeouts, cancellation and
     *     other failures, each naming the endpoint
     */
    public Object call(Endpoint endpoint, Map<String, Object> args, CallContext call) {
        Language language = ((Executable) endpoint.definition()).language();
        Invocation invocation = invocations.computeIfAbsent(endpoint, e -> new Invocation(e.kind().yamlName(),
                Sandbox.real(e.codeFile()).toString(), e.key(), e.label(), ((Executable) e.definition()).timeoutSeconds()));
        // MXCP's mxcp.python.execute, and its counterpart for JavaScript
        SpanKeys.Guest keys = language == Language.PYTHON ? SpanKeys.Guest.PYTHON : SpanKeys.Guest.JAVASCRIPT;
        try (Traced span = Traces.start(keys.span())) {
            span.set(keys.type(), invocation.kind()).set(keys.name(), endpoint.key()).set(keys.paramsCount(), args.size());
            try {
                return pool(language, endpoint.label()).call(invocation, args, call);
            } catch (RuntimeException e) {
                span.failed(e.getClass().getSimpleName());
                throw e;
            }
        }
    }

    /**
     * Runs a standalone script ({@code mxcp exec}) on a worker of its language, as {@code __main__} (Python) or
     * an ES module (JavaScript), with {@code args} as its command-line arguments and no time limit. What it
     * prints goes to {@code output}: stdout as {@link ClientChannel.Level#NOTICE} messages, stderr as
     * {@link ClientChannel.Level#ALERT}, each exactly as written; runtime log calls at their own levels.
     *
     * @param source the script's text (Python; JavaScript imports {@code file} itself)
     * @return the script's exit code
     * @throws GuestException when the script raised
     */
    public int runScript(Language language, Path file, String source, List<String> args, ClientChannel output) {
        String label = "script " + file.getFileName();
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("path", file.toString());
        call.put("source", source);
        call.put("argv", List.copyOf(args));
        Object code = pool(language, label).call(new Invocation("script", file.toString(), "", label, Integer.MAX_VALUE),
                call, new CallContext(null, output));
        return code instanceof Number n ? n.intValue() : 0;
    }

    /**
     * The plugins' {@code @udf} methods as SQL functions for the project's database to define: listing them
     * starts a Python worker (its plugins say what they define).
     */
    public SqlFunctions sqlFunctions() {
        return new PluginFunctions(() -> pool(Language.PYTHON, "The plugins' SQL functions"));
    }

    /**
     * Starts a worker of each of these guest languages in the background, ready for the first call (serving).
     *
     * @throws IllegalArgumentException for {@link Language#SQL}, which has no workers
     */
    public void prestart(Collection<Language> languages) {
        for (Language language : languages) {
            pool(language, "Starting a " + language.yamlName() + " worker").prestart();
        }
    }

    /**
     * Suggestions from the guest code's completion hooks ({@code runtime.completion}) for an argument of a
     * prompt or resource template: a hook registered for exactly this endpoint, else one registered for any
     * endpoint that declares the argument; Python's before JavaScript's. Only languages whose code is present
     * are asked, and a worker is leased only when a hook matches.
     *
     * @return the suggestions; empty when no hook matches (the parameter's enum or examples then answer); an
     *     empty list, logged as a warning, when the hook failed or timed out
     */
    public Optional<List<String>> complete(Endpoint endpoint, String argument, String value, Map<String, String> context) {
        String label = "The completion hook of " + endpoint.label() + ", argument '" + argument + "'";
        Map<WorkerPool, Set<CompletionKey>> hooks = new LinkedHashMap<>();
        for (Language language : List.of(Language.PYTHON, Language.JAVASCRIPT)) {
            if (hasCode(language)) {
                try {
                    WorkerPool pool = pool(language, label);
                    hooks.put(pool, pool.completionKeys());
                } catch (MxcpException e) {
                    LOG.log(System.Logger.Level.WARNING, label + ": " + e.getMessage());
                }
            }
        }
        boolean declared = endpoint.definition().parameters().stream().anyMatch(p -> argument.equals(p.name()));
        CompletionKey exact = new CompletionKey(endpoint.kind().yamlName(), endpoint.key(), argument);
        for (CompletionKey key : declared ? List.of(exact, CompletionKey.any(argument)) : List.of(exact)) {
            for (Map.Entry<WorkerPool, Set<CompletionKey>> entry : hooks.entrySet()) {
                if (entry.getValue().contains(key)) {
                    Optional<List<String>> answer = complete(entry.getKey(), key, label, value, context);
                    if (answer.isPresent()) {
                        return answer;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> complete(WorkerPool pool, CompletionKey key, String label, String value,
                                                   Map<String, String> context) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("kind", key.kind());
        args.put("name", key.name());
        args.put("argument", key.argument());
        args.put("value", value);
        args.put("context", context);
        try {
            Object answer = pool.call(new Invocation("completion", "", "", label), args, CallContext.HOST);
            // null: the worker leased lacks the hook (its module was imported late, by another worker)
            return answer instanceof List<?> values ? Optional.of(values.stream().map(String::valueOf).toList())
                    : Optional.empty();
        } catch (MxcpException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            return Optional.of(List.of());
        }
    }

    /**
     * Whether the project has code of {@code language} that could register hooks: modules under its folder,
     * or (Python) plugins. Remembered: checked once per language.
     */
    private boolean hasCode(Language language) {
        return hasCode.computeIfAbsent(language, l -> {
            ProjectConfig config = environment.config();
            SiteConfig.Paths paths = config.site().paths();
            return switch (l) {
                case PYTHON -> !config.site().plugin().isEmpty() || hasFiles(config.root().resolve(paths.python()), ".py");
                case JAVASCRIPT -> hasFiles(config.root().resolve(paths.js()), ".js", ".mjs");
                case SQL -> false;
            };
        });
    }

    private static boolean hasFiles(Path dir, String... extensions) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(Path::toString).anyMatch(f -> Stream.of(extensions).anyMatch(f::endsWith));
        } catch (IOException | UncheckedIOException e) {
            return true; // unreadable: let the worker's start tell
        }
    }

    private synchronized WorkerPool pool(Language language, String label) {
        if (closed) {
            throw new MxcpException(label + ": the guest runtime is closed");
        }
        return switch (language) {
            case PYTHON -> pools.computeIfAbsent(language, l -> new WorkerPool(PythonLanguage.INSTANCE, environment, threads));
            case JAVASCRIPT -> pools.computeIfAbsent(language, l -> new WorkerPool(JavaScriptLanguage.INSTANCE, environment, threads));
            case SQL -> throw new IllegalArgumentException(label + " is SQL, not guest code");
        };
    }

    /** The worker pool of {@code language} (Python or JavaScript); none started before its first call. */
    public PoolSizes poolSizes(Language language) {
        WorkerPool pool;
        synchronized (this) {
            pool = pools.get(language);
        }
        return pool != null ? pool.sizes() : new PoolSizes(workers(environment.config(), language), 0, 0);
    }

    /** How many workers {@code language} (Python or JavaScript) may start in {@code config}'s project. */
    public static int workers(ProjectConfig config, Language language) {
        return (language == Language.PYTHON ? config.site().python() : config.site().javascript()).workers();
    }

    /**
     * Before a reload closes the database: runs every worker's shutdown hooks and closes its connection.
     * Call only while no call is in flight.
     */
    public void suspend() {
        for (WorkerPool pool : started()) {
            pool.forEach("The shutdown hooks before a reload", worker -> worker.runShutdownHooks(false));
        }
    }

    /** After a reload: runs every worker's init hooks again. Call only while no call is in flight. */
    public void resume() {
        for (WorkerPool pool : started()) {
            pool.forEach("The init hooks after a reload", Worker::runInitHooks);
        }
    }

    private synchronized List<WorkerPool> started() {
        return new ArrayList<>(pools.values());
    }

    /** Runs the shutdown hooks of every worker, closes them, and stops the runtime's threads. */
    @Override
    public void close() {
        List<WorkerPool> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(pools.values());
            pools.clear();
        }
        all.forEach(WorkerPool::close);
        threads.close();
    }
}

package dev.mxcp.host.polyglot;

import dev.mxcp.host.MxcpException;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.Executable;
import dev.mxcp.host.endpoint.Language;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guest code of one project: a worker pool per language, each started on the first call of that
 * language (creating this object starts nothing, so SQL-only projects never start the polyglot engine).
 *
 * <p>Module state is per worker: each worker imports the project's modules and runs its {@code on_init}
 * hooks itself, so a cache filled by one worker is not seen by the others.
 */
public final class GuestRuntime implements AutoCloseable {

    private final GuestEnvironment environment;
    private final Map<Language, WorkerPool> pools = new EnumMap<>(Language.class);
    private final Map<Endpoint, Invocation> invocations = new ConcurrentHashMap<>();
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
    public Object call(Endpoint endpoint, Map<String, Object> args, GuestCall call) {
        Language language = ((Executable) endpoint.definition()).language();
        Invocation invocation = invocations.computeIfAbsent(endpoint, e -> new Invocation(e.kind().yamlName(),
                Sandbox.real(e.codeFile()).toString(), e.key(), e.label()));
        return pool(language, endpoint.label()).call(invocation, args, call);
    }

    /** Starts a worker of each of these languages in the background, ready for the first call (serving). */
    public void prestart(java.util.Collection<Language> languages) {
        for (Language language : languages) {
            if (language != Language.SQL) {
                pool(language, language.name()).prestart();
            }
        }
    }

    private synchronized WorkerPool pool(Language language, String label) {
        if (closed) {
            throw new MxcpException(label + ": the guest runtime is closed");
        }
        return switch (language) {
            case PYTHON -> pools.computeIfAbsent(language, l -> new WorkerPool(PythonLanguage.INSTANCE, environment));
            case JAVASCRIPT -> pools.computeIfAbsent(language, l -> new WorkerPool(JavaScriptLanguage.INSTANCE, environment));
            case SQL -> throw new IllegalArgumentException(label + " is SQL, not guest code");
        };
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

    /** Runs the shutdown hooks of every worker and closes them. */
    @Override
    public void close() {
        List<WorkerPool> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(pools.values());
            pools.clear();
        }
        all.forEach(WorkerPool::close);
    }
}

package dev.mxcp.host.polyglot;

import dev.mxcp.host.telemetry.Traces;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.base.PoolSizes;
import dev.mxcp.host.db.SqlFunctions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The workers of one language: started on demand up to the configured number (so a one-off CLI call starts
 * one), leased one call at a time, most recently used first (its code is the most warmed up). A call that
 * outlives the timeout has its worker cancelled; dead workers are dropped, and the next lease starts a new one.
 */
final class WorkerPool implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());
    /** How long {@link #close()} waits for calls in flight before cancelling them. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    /**
     * How many workers may start at once: a start is CPU-bound (parsing and importing code), so more starts
     * than half the cores only slow each other down, and a waiting call is served sooner by the one under way.
     */
    private static final int PARALLEL_STARTS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /** Lists the plugins' SQL functions (a call of the shim's own); a language without plugins has none. */
    private static final Invocation SQL_FUNCTIONS = new Invocation("udf_signatures", "", "", "Listing the plugins' SQL functions");
    /** Set while this thread starts a worker: its plugins' own SQL cannot wait for their functions. */
    private static final ThreadLocal<Boolean> STARTING = new ThreadLocal<>();

    /** Lists the completion hooks a worker's code registered (a call of the shim's own, with no endpoint). */
    private static final Invocation COMPLETION_KEYS = new Invocation("completion_keys", "", "", "Listing the completion hooks");

    private final GuestLanguage language;
    private final GuestEnvironment environment;
    private final GuestThreads threads;
    private final Sandbox sandbox;
    private final int size;
    private final long timeoutSeconds;
    /**
     * One turn per worker, handed out first come, first served: under more concurrent calls than workers,
     * waiting on the pool's monitor let late callers overtake early ones (p99 at 64 connections on 2 workers:
     * 500 ms), while the fair queue bounds every wait by the calls ahead of it.
     */
    private final Semaphore turns;
    private final Deque<Worker> idle = new ArrayDeque<>();
    /** The completion hooks the workers registered, learned as each starts; null before the first started. */
    private volatile Set<CompletionKey> completionKeys;
    /** The plugins' SQL functions, learned as the first worker starts (before its init hooks); null before. */
    private volatile List<SqlFunctions.Definition> sqlFunctions;
    private final Set<Worker> live = new HashSet<>();
    private int starting;
    private boolean closed;

    WorkerPool(GuestLanguage language, GuestEnvironment environment, GuestThreads threads) {
        this.language = language;
        this.environment = environment;
        this.threads = threads;
        var settings = language.settings(environment.config().site());
        this.sandbox = Sandbox.of(environment.config(), settings, language.defaultPackagesDir());
        this.size = settings.workers();
        this.turns = new Semaphore(size, true);
        this.timeoutSeconds = settings.timeoutSeconds();
    }

    /** The workers: as configured at most, started now, and leased by a call now. */
    synchronized PoolSizes sizes() {
        return new PoolSizes(size, live.size(), live.size() - idle.size());
    }

    /** Runs one endpoint call on a leased worker, within the timeout, on a platform thread. */
    Object call(Invocation invocation, Map<String, Object> args, CallContext call) {
        if (!Thread.currentThread().isVirtual()) {
            return callHere(invocation, args, call);
        }
        Future<Object> handedOver;
        try {
            handedOver = threads.platform.submit(Traces.carry(() -> callHere(invocation, args, call)));
        } catch (RejectedExecutionException e) {
            throw stopping(e);
        }
        try {
            return handedOver.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new MxcpException(invocation.label() + " failed", e.getCause());
        } catch (InterruptedException e) {
            handedOver.cancel(false);
            Thread.currentThread().interrupt();
            throw new MxcpException(invocation.label() + ": interrupted while waiting for the result", e);
        }
    }

    /**
     * Starts one worker in the background unless one exists, so that the first call does not wait for all of
     * the start-up. A failure is only logged: the first call then tries again and reports it.
     */
    void prestart() {
        synchronized (this) {
            if (!live.isEmpty() || starting > 0) {
                return;
            }
        }
        try {
            threads.platform.execute(() -> {
                try {
                    release(lease());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Starting a " + language.settingsKey() + " worker ahead of calls failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "Not starting a " + language.settingsKey() + " worker: the runtime is stopping");
        }
    }

    private Object callHere(Invocation invocation, Map<String, Object> args, CallContext call) {
        try {
            turns.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MxcpException(invocation.label() + ": interrupted while waiting for a " + language.settingsKey() + " worker", e);
        }
        try {
            Worker worker = lease();
            worker.arm(true);
            try (Cancellation.Registration cancel = call.cancellation().onCancel(() -> worker.stop(Worker.Stop.CANCELLED))) {
                return timed(worker, invocation.label(), invocation.timeoutSeconds(), () -> worker.call(invocation, args, call));
            } finally {
                worker.arm(false);
                release(worker);
            }
        } finally {
            turns.release();
        }
    }

    /**
     * Runs {@code body} on the worker; past the timeout the worker is stopped and the call fails saying so, as
     * it does when the caller cancelled it.
     */
    private <T> T timed(Worker worker, String label, Supplier<T> body) {
        return timed(worker, label, null, body);
    }

    /** As above, with the endpoint's own limit when it has one ({@code timeout_seconds}) instead of the language's. */
    private <T> T timed(Worker worker, String label, Integer ownSeconds, Supplier<T> body) {
        long seconds = ownSeconds != null ? ownSeconds : timeoutSeconds;
        ScheduledFuture<?> alarm;
        try {
            alarm = threads.alarms.schedule(() -> worker.stop(Worker.Stop.TIMED_OUT), seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            throw stopping(e);
        }
        try {
            return body.get();
        } catch (RuntimeException e) {
            Worker.Stop stopped = worker.stopped();
            if (stopped == null) {
                throw e;
            }
            throw switch (stopped) {
                case TIMED_OUT -> new MxcpException(label + " timed out: stopped after " + seconds + " s (the limit is "
                        + (ownSeconds != null ? "its timeout_seconds" : language.settingsKey() + ".timeout_seconds in mxcp-site.yml")
                        + ")", e);
                case CANCELLED -> new MxcpException(label + ": cancelled", e);
            };
        } finally {
            alarm.cancel(false);
        }
    }

    private Worker lease() {
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw stopping(null);
                }
                Worker worker = idle.pollFirst();
                if (worker != null) {
                    return worker;
                }
                if (live.size() + starting < size && starting < PARALLEL_STARTS) {
                    starting++;
                    break;
                }
                waitHere();
            }
        }
        Worker worker = null;
        try {
            STARTING.set(true);
            try {
                worker = Worker.start(language, environment, sandbox);
            } finally {
                STARTING.remove();
            }
            Worker started = worker;
            worker.reloadsTo((token, description) -> requestReload(started, token, description));
            learnSqlFunctions(worker);
            timed(worker, "The " + language.settingsKey() + " init hooks", () -> {
                started.runInitHooks();
                return null;
            });
            learnCompletionKeys(worker);
        } catch (RuntimeException e) {
            if (worker != null) {
                worker.close();
            }
            synchronized (this) {
                starting--;
                notifyAll();
            }
            throw e;
        }
        boolean closedMeanwhile;
        synchronized (this) {
            starting--;
            notifyAll();
            closedMeanwhile = closed;
            if (!closedMeanwhile) {
                live.add(worker);
            }
        }
        if (closedMeanwhile) { // close() did not see this worker: retire it here
            retire(worker);
            throw stopping(null);
        }
        return worker;
    }

    private MxcpException stopping(Exception cause) {
        return new MxcpException("The " + language.settingsKey() + " runtime is stopping", cause);
    }

    /**
     * The completion hooks the guest code registered. Starts a worker if none has started yet: hooks register
     * when a worker loads the project's modules.
     */
    Set<CompletionKey> completionKeys() {
        if (completionKeys == null) {
            call(COMPLETION_KEYS, Map.of(), CallContext.HOST); // the worker's start learns them
        }
        Set<CompletionKey> keys = completionKeys;
        return keys == null ? Set.of() : keys;
    }

    /**
     * The plugins' SQL functions ({@link SqlFunctions#definitions()}): known once a worker started, so the first
     * ask starts one; null on the thread that is starting one (its plugins' SQL cannot wait for itself).
     *
     * @throws MxcpException when no worker starts
     */
    List<SqlFunctions.Definition> sqlFunctions() {
        if (sqlFunctions == null) {
            if (STARTING.get() != null) {
                return null;
            }
            call(SQL_FUNCTIONS, Map.of(), CallContext.HOST); // the worker's start learns them
        }
        return sqlFunctions;
    }

    /**
     * The first worker's plugin functions, before its init hooks run (they may run SQL that calls them). A
     * failure to list them is logged and leaves none: SQL naming them then says they do not exist.
     */
    private void learnSqlFunctions(Worker worker) {
        if (sqlFunctions != null) {
            return;
        }
        if (!language.runsPlugins() || environment.config().site().plugin().isEmpty()) {
            sqlFunctions = List.of();
            return;
        }
        List<SqlFunctions.Definition> learned = List.of();
        try {
            learned = parseSqlFunctions(timed(worker, SQL_FUNCTIONS.label(),
                    () -> worker.call(SQL_FUNCTIONS, Map.of(), CallContext.HOST)));
        } catch (MxcpException e) {
            if (worker.dead()) {
                throw e;
            }
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
        }
        sqlFunctions = learned;
    }

    /** The shim's {@code [name, [argument types], return type]} entries. */
    private static List<SqlFunctions.Definition> parseSqlFunctions(Object listed) {
        List<SqlFunctions.Definition> definitions = new ArrayList<>();
        if (listed instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof List<?> fields && fields.size() == 3 && fields.get(1) instanceof List<?> types) {
                    definitions.add(new SqlFunctions.Definition(String.valueOf(fields.get(0)),
                            types.stream().map(String::valueOf).toList(), String.valueOf(fields.get(2))));
                }
            }
        }
        return List.copyOf(definitions);
    }

    /** Adds a new worker's hooks to those known (all workers load the same modules, so normally the same). */
    private void learnCompletionKeys(Worker worker) {
        Set<CompletionKey> learned = Set.of();
        try {
            learned = CompletionKey.parse(timed(worker, COMPLETION_KEYS.label(),
                    () -> worker.call(COMPLETION_KEYS, Map.of(), CallContext.HOST)));
        } catch (MxcpException e) {
            if (worker.dead()) {
                throw e; // the listing cost the worker: its start failed
            }
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
        synchronized (this) {
            Set<CompletionKey> all = new HashSet<>(learned);
            if (completionKeys != null) {
                all.addAll(completionKeys);
            }
            completionKeys = Set.copyOf(all);
        }
    }

    private void release(Worker worker) {
        boolean drop;
        synchronized (this) {
            drop = worker.dead();
            if (drop) {
                live.remove(worker);
            } else {
                idle.addFirst(worker);
            }
            notifyAll();
        }
        if (drop) {
            LOG.log(System.Logger.Level.INFO, "A " + language.settingsKey() + " worker was stopped; a new one starts on demand");
            worker.close();
        }
    }

    /**
     * Runs {@code action} on every worker in turn, each leased exclusively; for the hooks around a reload,
     * when no call is in flight. Failures are logged and the next worker still gets its turn.
     */
    void forEach(String what, Consumer<Worker> action) {
        List<Worker> all;
        synchronized (this) {
            while (idle.size() < live.size()) {
                waitHere();
            }
            all = new ArrayList<>(idle);
            idle.clear();
        }
        for (Worker worker : all) {
            try {
                timed(worker, what, () -> {
                    action.accept(worker);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, e.getMessage());
            } finally {
                release(worker);
            }
        }
    }

    private void requestReload(Worker worker, Integer token, String description) {
        Runnable payload = token == null ? null : () -> runPayload(worker, token);
        environment.reloads().accept(new ReloadRequest(description, payload));
    }

    /** Runs a payload on the worker whose guest registered it, once that worker is free. */
    private void runPayload(Worker worker, int token) {
        synchronized (this) {
            while (live.contains(worker) && !idle.contains(worker)) {
                waitHere();
            }
            if (!idle.remove(worker)) {
                LOG.log(System.Logger.Level.WARNING, "A reload payload was lost: the worker that registered it was stopped");
                return;
            }
        }
        try {
            worker.runPayload(token);
        } catch (MxcpException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
        } finally {
            release(worker);
        }
    }

    /** Runs every worker's shutdown hooks and closes them; calls still in flight after a while are cancelled. */
    @Override
    public void close() {
        List<Worker> idleOnes;
        List<Worker> busy;
        synchronized (this) {
            closed = true;
            long deadline = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
            while (idle.size() < live.size() && System.currentTimeMillis() < deadline) {
                try {
                    wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            idleOnes = new ArrayList<>(idle);
            busy = new ArrayList<>(live);
            busy.removeAll(idleOnes);
            idle.clear();
            live.clear();
        }
        idleOnes.forEach(this::retire);
        busy.forEach(Worker::close);
    }

    /** Runs a worker's shutdown hooks for good and closes it. */
    private void retire(Worker worker) {
        try {
            timed(worker, "The " + language.settingsKey() + " shutdown hooks", () -> {
                worker.runShutdownHooks(true);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
        }
        worker.close();
    }

    private void waitHere() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MxcpException("Interrupted while waiting for a " + language.settingsKey() + " worker", e);
        }
    }
}

package dev.mxcp.host.polyglot;

import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.MxcpException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * One guest context with the project's code loaded, used by one call at a time. Its module state (globals,
 * caches, what {@code on_init} set up) lives as long as the worker. A guest exception leaves it usable; a
 * timeout, an exit or an engine failure kills it, and its pool replaces it.
 */
final class Worker {

    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    /** Only {@code @HostAccess.Export} members of the host bridge; arrays so shims can read encoded values. */
    private static final HostAccess HOST_ACCESS = HostAccess.newBuilder(HostAccess.EXPLICIT).allowArrayAccess(true).build();

    private final Context context;
    private final GuestLanguage language;
    private final HostBridge bridge;
    private final GuestValues values;
    private final Value call;
    private final Value lastError;
    private final Value initHooks;
    private final Value shutdownHooks;
    private final Value payload;
    private boolean running;
    /** Leased for a call that has not begun yet: a stop then still counts (the call fails at its start). */
    private boolean armed;
    private Stop stopped;
    private volatile boolean dead;

    /** Why a worker was stopped while running: its call then fails saying so. */
    enum Stop { TIMED_OUT, CANCELLED }

    private Worker(Context context, GuestLanguage language, HostBridge bridge, Value entry) {
        this.context = context;
        this.language = language;
        this.bridge = bridge;
        this.values = new GuestValues(language);
        this.call = entry.getMember("call");
        this.lastError = entry.getMember("last_error");
        this.initHooks = entry.getMember("run_init_hooks");
        this.shutdownHooks = entry.getMember("run_shutdown_hooks");
        this.payload = entry.getMember("run_payload");
        if (language.runsPlugins()) {
            bridge.runsFunctionsFor(this);
        }
    }

    /** Builds the context in the sandbox and loads the project's code; hooks do not run yet. */
    static Worker start(GuestLanguage language, GuestEnvironment environment, Sandbox sandbox) {
        String logger = "dev.mxcp.guest." + language.id();
        Context.Builder builder = Context.newBuilder(language.id())
                .engine(SharedEngine.get())
                .allowHostAccess(HOST_ACCESS)
                .allowIO(IOAccess.newBuilder()
                        .fileSystem(language.fileSystem(sandbox))
                        .allowHostSocketAccess(sandbox.allow().network())
                        .build())
                .allowCreateProcess(sandbox.allow().processes())
                .allowCreateThread(true)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(sandbox.allow().environment() ? EnvironmentAccess.INHERIT : EnvironmentAccess.NONE)
                .currentWorkingDirectory(sandbox.root())
                .out(new GuestOutput(logger, System.Logger.Level.INFO))
                .err(new GuestOutput(logger, System.Logger.Level.WARNING));
        language.configure(builder, sandbox);
        Context context = builder.build();
        HostBridge bridge = new HostBridge(language, environment);
        try {
            return new Worker(context, language, bridge, language.start(context, bridge, sandbox));
        } catch (RuntimeException e) {
            context.close(true);
            throw e instanceof PolyglotException p ? GuestErrors.map(p, "Starting a " + language.settingsKey() + " worker", null) : e;
        }
    }

    void reloadsTo(HostBridge.ReloadSink sink) {
        bridge.reloadsTo(sink);
    }

    /**
     * Calls the endpoint's function with converted arguments and returns its result as Java values.
     *
     * @throws GuestException when the guest raised; other MxcpExceptions for everything else
     */
    Object call(Invocation invocation, Map<String, Object> args, CallContext context) {
        begin();
        bridge.beginCall(context);
        try {
            Value result = language.settle(call.execute(invocation.kind(), invocation.file(), invocation.name(),
                    GuestWire.encode(args)), this::pause);
            try {
                return values.toJava(result, "result");
            } catch (MxcpException e) {
                throw new MxcpException(invocation.label() + ": " + e.getMessage(), e);
            }
        } catch (PolyglotException e) {
            throw failure(e, invocation.label());
        } catch (IllegalStateException e) {
            throw closedUnderneath(e, invocation.label());
        } finally {
            bridge.endCall();
            end();
        }
    }

    /**
     * Runs a call of the shim's own inside the call this worker is running, on its thread: a plugin function
     * that its guest code's SQL called ({@link PluginFunctions}). The outer call keeps its bookkeeping.
     */
    Object callNested(Invocation invocation, Map<String, Object> args) {
        try {
            Value result = call.execute(invocation.kind(), invocation.file(), invocation.name(), GuestWire.encode(args));
            return values.toJava(result, "result");
        } catch (PolyglotException e) {
            throw failure(e, invocation.label());
        } catch (IllegalStateException e) {
            throw closedUnderneath(e, invocation.label());
        }
    }

    void runInitHooks() {
        runEntry(initHooks, "init hooks");
    }

    /** @param last true when the worker stops for good (plugins shut down too), false before a reload */
    void runShutdownHooks(boolean last) {
        runEntry(shutdownHooks, "shutdown hooks", last);
        bridge.dropSession();
    }

    /** Runs a reload payload the guest registered; its failure is the guest's to report, and is logged. */
    void runPayload(int token) {
        runEntry(payload, "reload payload", token);
    }

    private void runEntry(Value entry, String what, Object... args) {
        begin();
        try {
            language.settle(entry.execute(args), this::pause);
        } catch (PolyglotException e) {
            throw failure(e, what);
        } catch (IllegalStateException e) {
            throw closedUnderneath(e, what);
        } finally {
            bridge.endCall();
            end();
        }
    }

    private MxcpException failure(PolyglotException e, String label) {
        if (!GuestErrors.keepsWorker(e)) {
            dead = true;
        }
        String traceback = null;
        if (e.isGuestException() && !dead) {
            try {
                traceback = lastError.execute().asString();
            } catch (PolyglotException | IllegalStateException unavailable) {
                traceback = null;
            }
        }
        return GuestErrors.map(e, label, traceback);
    }

    /** The context was closed while in use: only {@link #stop} does that. */
    private MxcpException closedUnderneath(IllegalStateException e, String label) {
        dead = true;
        return new MxcpException(label + " was stopped", e);
    }

    private synchronized void begin() {
        if (dead) {
            throw new IllegalStateException("this worker is dead");
        }
        running = true;
    }

    private synchronized void end() {
        running = false;
    }

    /**
     * Waits while the guest has nothing to do until its next timer, outside the context so {@link #stop} can
     * close it; false (give up) as soon as the worker is stopped or closed.
     */
    private synchronized boolean pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!dead) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /**
     * Stops what the worker is running, for good: its running query is cancelled and its context closed (on a
     * thread of its own, as closing waits for the guest to stop), so the call fails soon and the worker is
     * dead. Does nothing if it is neither running nor {@link #arm armed} (the call finished meanwhile). Safe from
     * any thread.
     */
    void stop(Stop why) {
        synchronized (this) {
            if (stopped != null || !(running || armed)) {
                return;
            }
            stopped = why;
            dead = true;
            notifyAll(); // ends a pause for a timer at once
            if (!running) {
                return; // the call has not begun: it fails at its start, and nothing runs to interrupt
            }
        }
        Thread.ofPlatform().name("mxcp-guest-stop").daemon().start(() -> {
            bridge.cancelQuery(); // the context can only stop once the guest is back from a long query
            try {
                context.close(true);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing a stopped worker's context failed", e);
            }
        });
    }

    /**
     * Whether a stop before the call begins should count: true from the lease until the call's end, so a
     * cancellation that comes while the call is still on its way to the guest is not lost.
     */
    synchronized void arm(boolean on) {
        armed = on;
    }

    /** Why the worker was stopped, or null. */
    synchronized Stop stopped() {
        return stopped;
    }

    boolean dead() {
        return dead;
    }

    /** Closes the context (running code is cancelled) and the worker's database connection. */
    void close() {
        synchronized (this) {
            dead = true;
            notifyAll();
        }
        bridge.dropSession();
        try {
            context.close(true);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing a worker's context failed", e);
        }
    }
}

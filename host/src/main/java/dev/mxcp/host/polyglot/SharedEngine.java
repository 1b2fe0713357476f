package dev.mxcp.host.polyglot;

import dev.mxcp.host.base.MxcpException;
import org.graalvm.polyglot.Engine;

/**
 * The one polyglot engine of the process, created on first use so that commands without guest code never
 * start it. Every worker's context shares it: parsed and compiled guest code is then reused across workers
 * and projects. Its own messages (such as a missing-JIT warning) go to the host log, never to stdout.
 *
 * <p>Process-wide on purpose, the one exception to "an instance stops what it starts": closing a project
 * closes its contexts, not the engine, so the JIT's compiled code stays warm for the next project or
 * instance in the process (the JIT's compiler threads belong to it).
 */
final class SharedEngine {

    private static Engine engine;

    private SharedEngine() {
    }

    static synchronized Engine get() {
        if (engine == null) {
            try {
                engine = Engine.newBuilder()
                        .out(new GuestOutput("dev.mxcp.guest.engine", System.Logger.Level.INFO))
                        .err(new GuestOutput("dev.mxcp.guest.engine", System.Logger.Level.WARNING))
                        .logHandler(new GuestOutput("dev.mxcp.guest.engine", System.Logger.Level.WARNING))
                        .build();
                warnIfInterpreted(engine);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new MxcpException("Cannot start the GraalVM polyglot engine: " + e.getMessage(), e);
            }
        }
        return engine;
    }

    /**
     * The launcher starts a server without the JIT when it sees no guest code in the project (a faster start);
     * should guest code run after all, it runs interpreted, correct but slow, and the operator should know.
     */
    private static void warnIfInterpreted(Engine engine) {
        if ("warn".equals(System.getProperty("mxcp.guests.interpreted"))
                && "Interpreted".equals(engine.getImplementationName())) {
            System.getLogger(SharedEngine.class.getName()).log(System.Logger.Level.WARNING,
                    "Python/JavaScript endpoints run without the Graal JIT (slower): the launcher found no guest code "
                            + "in the project; start with MXCP_JIT=on to have it");
        }
    }
}

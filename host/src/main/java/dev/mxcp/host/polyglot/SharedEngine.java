package dev.mxcp.host.polyglot;

import dev.mxcp.host.MxcpException;
import org.graalvm.polyglot.Engine;

/**
 * The one polyglot engine of the process, created on first use so that commands without guest code never
 * start it. Every worker's context shares it: parsed and compiled guest code is then reused across workers
 * and projects. Its own messages (such as a missing-JIT warning) go to the host log, never to stdout.
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
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new MxcpException("Cannot start the GraalVM polyglot engine: " + e.getMessage(), e);
            }
        }
        return engine;
    }
}

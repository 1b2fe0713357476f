package dev.mxcp.host.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Logging for the CLI: warnings and errors on stderr, everything with --debug. Never on stdout. */
final class Logs {

    private Logs() {
    }

    static void configure(boolean debug) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new SimpleFormatter());
        Level level = debug ? Level.FINE : Level.WARNING;
        handler.setLevel(level);
        root.setLevel(level);
        root.addHandler(handler);
        // Third-party libraries are chatty below INFO (Helidon logs every request at FINE); their warnings show.
        Logger.getLogger("com.hubspot").setLevel(debug ? Level.INFO : Level.SEVERE);
        Logger.getLogger("io.helidon").setLevel(debug ? Level.INFO : Level.WARNING);
        // The JDK logs every System.exit at FINE with a stack trace: noise, not a failure.
        Logger.getLogger("java.lang.Runtime").setLevel(Level.INFO);
    }
}

package dev.mxcp.host.polyglot;

import dev.mxcp.host.config.SiteConfig;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.FileSystem;

/**
 * What differs between guest languages; pools, workers, the host bridge, conversions and the sandbox are
 * shared. A language's shim exposes the same entry points to the worker: {@code call(kind, file, name,
 * args)}, {@code last_error()}, {@code run_init_hooks()}, {@code run_shutdown_hooks(final)} and
 * {@code run_payload(token)}.
 */
sealed interface GuestLanguage permits PythonLanguage, JavaScriptLanguage {

    /** The polyglot language id ("python", "js"). */
    String id();

    /** The language's section of mxcp-site.yml, named in messages ("python", "javascript"). */
    String settingsKey();

    /** The language's settings in the site file. */
    SiteConfig.Guest settings(SiteConfig site);

    /** Where the project keeps third-party packages unless its settings say otherwise, relative to it. */
    String defaultPackagesDir();

    /** The file system guest code sees: the sandbox, plus whatever the language serves from the host. */
    FileSystem fileSystem(Sandbox sandbox);

    /** Language options on top of the sandbox the worker has set up already. */
    void configure(Context.Builder builder, Sandbox sandbox);

    /**
     * Installs the {@code mxcp} modules in a new context, loads the project's code and returns the shim's
     * entry points.
     */
    Value start(Context context, HostBridge bridge, Sandbox sandbox);

    /**
     * The final value of what a shim entry returned: the value itself, or, for a language whose functions may
     * return a promise, the promise's value once it settled (its rejection is thrown). Waiting for the guest's
     * timers happens through {@code pause}, outside the guest.
     *
     * @throws dev.mxcp.host.base.MxcpException when {@code pause} says to stop waiting
     */
    Value settle(Value returned, Pause pause);

    /** Whether guest objects with members (JS objects) are records, converted to maps member by member. */
    boolean objectsAreRecords();

    /** The source of a guest module the host provides (name, e.g. "mxcp.runtime"), or null. */
    GuestModule module(String name);

    /**
     * Whether the language loads MXCP plugins, whose {@code @udf} methods become SQL functions (Python): its
     * workers then run the functions their own SQL calls, and its shim lists them ({@code udf_signatures}).
     */
    default boolean runsPlugins() {
        return false;
    }

    /** The bytes of an array-like value this language uses for binary data (JS's Uint8Array), or null. */
    default byte[] bytes(Value value) {
        return null;
    }

    /** A value of a type only this language has, as a Java value (Python's Decimal), or null. */
    Object convertSpecial(Value value);

    /** The guest's name for a value's type, for messages. */
    String typeName(Value value);

    /** Waits outside the guest, so its context is free to be stopped meanwhile. */
    @FunctionalInterface
    interface Pause {
        /** @return false when the wait was cut short and the work should be given up (the worker was stopped) */
        boolean sleep(long millis);
    }

    /** Source text of a module the host provides to guests. */
    record GuestModule(boolean isPackage, String source, String origin) {
    }
}

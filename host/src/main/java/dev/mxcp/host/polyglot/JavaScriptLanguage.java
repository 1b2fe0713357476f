package dev.mxcp.host.polyglot;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.SiteConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.FileSystem;

/**
 * JavaScript on GraalJS: endpoint files are ES modules under {@code <project>/js}; {@code import ... from
 * "mxcp:runtime"} is served from guest-api's resources by {@link JsModuleFileSystem}, which also resolves bare
 * specifiers to the project's {@code node_modules}; a global {@code require} loads CommonJS ({@link JsRequire}).
 * Every module under js/ is imported at start so its hooks register. A promise an endpoint returns is settled
 * on the worker's own thread: GraalJS runs the pending promise jobs whenever a call from the host returns, and
 * the host waits for the shim's timers in between.
 */
final class JavaScriptLanguage implements GuestLanguage {

    static final JavaScriptLanguage INSTANCE = new JavaScriptLanguage();
    private static final String MODULE_MIME = "application/javascript+module";

    /** Shim sources by resource name; the same for every worker, read once. */
    private final Map<String, String> sources = new ConcurrentHashMap<>();
    private volatile Source worker;

    private JavaScriptLanguage() {
    }

    @Override
    public String id() {
        return "js";
    }

    @Override
    public String settingsKey() {
        return "javascript";
    }

    @Override
    public SiteConfig.Guest settings(SiteConfig site) {
        return site.javascript();
    }

    @Override
    public String defaultPackagesDir() {
        return "node_modules";
    }

    @Override
    public FileSystem fileSystem(Sandbox sandbox) {
        return new JsModuleFileSystem(ProjectFileSystem.of(sandbox), new NodeModules(sandbox), this::source);
    }

    /**
     * The module namespace of an evaluated module is its exports (so the shim's entry points are its exported
     * functions); the ECMAScript version is the newest GraalJS knows.
     */
    @Override
    public void configure(Context.Builder builder, Sandbox sandbox) {
        builder.option("js.esm-eval-returns-exports", "true");
        builder.option("js.ecmascript-version", "latest");
    }

    @Override
    public Value start(Context context, HostBridge bridge, Sandbox sandbox) {
        // The runtime and CommonJS modules take their host objects from these globals when first imported, and
        // remove them.
        context.getBindings("js").putMember("__mxcpHost", bridge);
        context.getBindings("js").putMember("__mxcpRequire", new JsRequire(sandbox));
        Value entry = context.eval(workerSource());
        Value settings = context.eval("js", "(x) => x").execute(GuestWire.encode(startSettings(bridge, sandbox)));
        // Starting is not a timed call: a module awaiting a timer at its top level gets the call timeout to finish.
        long limit = settings(bridge.config().site()).timeoutSeconds();
        try {
            settle(entry.getMember("start").execute(settings), sleepUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(limit)));
        } catch (MxcpException e) {
            throw new MxcpException("The modules under js/ still waited for a timer after " + limit
                    + " s (the limit is javascript.timeout_seconds in mxcp-site.yml)", e);
        }
        return entry;
    }

    /** A pause that sleeps on this thread, but never past the deadline (a {@link System#nanoTime()}). */
    private static Pause sleepUntil(long deadline) {
        return millis -> {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(millis))));
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }

    private static Map<String, Object> startSettings(HostBridge bridge, Sandbox sandbox) {
        var config = bridge.config();
        Path jsDir = Sandbox.real(config.root().resolve(config.site().paths().js()));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("root", sandbox.root().toString());
        settings.put("modules", modules(jsDir));
        return settings;
    }

    /** Every .js/.mjs file under js/ (sorted; names starting with "_" or "." are helpers, loaded on import). */
    private static List<String> modules(Path jsDir) {
        if (!Files.isDirectory(jsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(jsDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(jsDir.relativize(p).toString().split("/"))
                            .noneMatch(part -> part.startsWith("_") || part.startsWith(".") || part.equals("node_modules")))
                    .map(Path::toString)
                    .filter(name -> name.endsWith(".js") || name.endsWith(".mjs"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Source workerSource() {
        Source source = worker;
        if (source == null) {
            source = Source.newBuilder("js", source("mxcp/js/worker.mjs"), "mxcp:worker").mimeType(MODULE_MIME)
                    .buildLiteral();
            worker = source;
        }
        return source;
    }

    /** A shim's text from guest-api's resources, or null. */
    String source(String resource) {
        return sources.computeIfAbsent(resource, r -> {
            try (InputStream in = JavaScriptLanguage.class.getClassLoader().getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + r);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The shim's entries return a settlement record: while the work waits for a timer, {@code pending()} says
     * how long, the host waits (not in the guest, so a timeout can still close the context) and {@code tick()}
     * runs it, GraalJS running the promise jobs it started on the way back. Then {@code settle()} gives the
     * value, or throws what the function threw or its promise was rejected with.
     */
    @Override
    public Value settle(Value returned, Pause pause) {
        for (long delay = returned.invokeMember("pending").asLong(); delay >= 0;
                delay = returned.invokeMember("pending").asLong()) {
            if (delay > 0 && !pause.sleep(delay)) {
                throw new MxcpException("stopped while waiting for a timer");
            }
            returned.invokeMember("tick");
        }
        return returned.invokeMember("settle");
    }

    @Override
    public boolean objectsAreRecords() {
        return true;
    }

    /** JS has no host-provided modules of Python's kind; "mxcp:runtime" is served by the file system. */
    @Override
    public GuestModule module(String name) {
        return null;
    }

    /** MCP content made by mcp.text() and friends: a frozen object marked {@code __mxcpContent}. */
    @Override
    public Object convertSpecial(Value value) {
        if (value.hasMembers() && value.hasMember("__mxcpContent")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String key : value.getMemberKeys()) {
                Value field = value.getMember(key);
                if (!key.startsWith("__") && field.isString()) {
                    fields.put(key, field.asString());
                }
            }
            return GuestContent.of(fields);
        }
        return null;
    }

    /**
     * A Uint8Array (or a subclass such as Buffer) is binary data, as Python's bytes; an ArrayBuffer already is
     * one to the host. Its bytes are read from the buffer under it, as a view may cover part of that.
     */
    @Override
    public byte[] bytes(Value value) {
        if (!value.hasMember("buffer") || !value.getContext().getBindings("js").getMember("Uint8Array").isMetaInstance(value)) {
            return null;
        }
        byte[] bytes = new byte[value.getMember("byteLength").asInt()];
        value.getMember("buffer").readBuffer(value.getMember("byteOffset").asLong(), bytes, 0, bytes.length);
        return bytes;
    }

    @Override
    public String typeName(Value value) {
        Value meta = value.getMetaObject();
        return meta == null ? "object" : meta.getMetaSimpleName();
    }
}

package dev.mxcp.host.polyglot;

import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.SiteConfig;
import dev.mxcp.host.config.UserConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.FileSystem;

/**
 * Python on GraalPy: the {@code mxcp} package (from guest-api's resources) is served to every context by an
 * import hook, {@code <project>/python} and the packages folder go on {@code sys.path}, and every module
 * under python/ is imported at start so its hooks register.
 */
final class PythonLanguage implements GuestLanguage {

    static final PythonLanguage INSTANCE = new PythonLanguage();

    /** Module sources by module name; the same for every worker, read once. */
    private final Map<String, Optional<GuestModule>> modules = new ConcurrentHashMap<>();
    private volatile Source bootstrap;

    private PythonLanguage() {
    }

    @Override
    public String id() {
        return "python";
    }

    @Override
    public String settingsKey() {
        return "python";
    }

    @Override
    public SiteConfig.Guest settings(SiteConfig site) {
        return site.python();
    }

    @Override
    public String defaultPackagesDir() {
        return "python_packages";
    }

    @Override
    public FileSystem fileSystem(Sandbox sandbox) {
        return ProjectFileSystem.of(sandbox);
    }

    @Override
    public boolean runsPlugins() {
        return true;
    }

    /** Coroutines are run to their end (asyncio's timers too) by the shim itself. */
    @Override
    public Value settle(Value returned, Pause pause) {
        return returned;
    }

    /** Arbitrary Python objects have no JSON form (as in MXCP); only dicts, lists and the like convert. */
    @Override
    public boolean objectsAreRecords() {
        return false;
    }

    /**
     * Compiled bytecode (of the standard library too, which GraalPy otherwise compiles afresh in every
     * process) is cached in the data folder: it halves a worker's start-up.
     */
    @Override
    public void configure(Context.Builder builder, Sandbox sandbox) {
        builder.option("python.DontWriteBytecodeFlag", "false");
        builder.option("python.PyCachePrefix", sandbox.writable().getFirst().resolve(".pycache").toString());
    }

    @Override
    public Value start(Context context, HostBridge bridge, Sandbox sandbox) {
        Value entry = context.eval(bootstrap()).execute(bridge);
        entry.getMember("start").execute(GuestWire.encode(startSettings(bridge, sandbox)));
        return entry;
    }

    private Map<String, Object> startSettings(HostBridge bridge, Sandbox sandbox) {
        ProjectConfig config = bridge.config();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("python_dir", Sandbox.real(config.root().resolve(config.site().paths().python())).toString());
        settings.put("root", sandbox.root().toString());
        settings.put("paths", List.of(sandbox.packages().toString(),
                Sandbox.real(config.root().resolve(config.site().paths().plugins())).toString()));
        settings.put("network", sandbox.allow().network());
        settings.put("processes", sandbox.allow().processes());
        settings.put("plugins", plugins(config));
        return settings;
    }

    /** MXCP's plugin entries, each with its settings from the user profile (or why it has none). */
    private static List<Map<String, Object>> plugins(ProjectConfig config) {
        List<Map<String, Object>> plugins = new ArrayList<>();
        UserConfig.PluginSettings settings = config.userProfile().plugin();
        for (SiteConfig.PluginRef ref : config.site().plugin()) {
            Map<String, Object> plugin = new LinkedHashMap<>();
            plugin.put("name", ref.name());
            plugin.put("module", ref.module());
            if (ref.config() == null) {
                plugin.put("config", Map.of());
            } else if (settings.config().containsKey(ref.config())) {
                plugin.put("config", settings.config().get(ref.config()));
            } else {
                plugin.put("error", "plugin config '" + ref.config() + "' is not in the user configuration's profile '"
                        + config.profileName() + "'");
            }
            plugins.add(plugin);
        }
        return plugins;
    }

    private Source bootstrap() {
        Source source = bootstrap;
        if (source == null) {
            GuestModule module = read("mxcp/_bootstrap.py", false);
            source = Source.newBuilder("python", module.source(), module.origin()).buildLiteral();
            bootstrap = source;
        }
        return source;
    }

    @Override
    public GuestModule module(String name) {
        return modules.computeIfAbsent(name, n -> {
            String path = n.replace('.', '/');
            GuestModule module = read(path + "/__init__.py", true);
            return Optional.ofNullable(module != null ? module : read(path + ".py", false));
        }).orElse(null);
    }

    private static GuestModule read(String resource, boolean isPackage) {
        try (InputStream in = PythonLanguage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return new GuestModule(isPackage, new String(in.readAllBytes(), StandardCharsets.UTF_8), "<host>/" + resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * mxcp.runtime's Content becomes MCP content; Decimal keeps its exact value; other objects with an ISO
     * form (pandas' Timestamp...) give it.
     */
    @Override
    public Object convertSpecial(Value value) {
        String type = typeName(value);
        if (type.equals("Content") && value.hasMember("_mxcp_content")) {
            Map<String, String> fields = new LinkedHashMap<>();
            Value entries = value.getMember("_fields").getHashEntriesIterator();
            while (entries.hasIteratorNextElement()) {
                Value entry = entries.getIteratorNextElement();
                fields.put(entry.getArrayElement(0).asString(), entry.getArrayElement(1).asString());
            }
            return GuestContent.of(fields);
        }
        if (type.equals("Decimal")) {
            String text = value.invokeMember("__str__").asString();
            if (text.contains("NaN")) {
                return Double.NaN;
            }
            return text.contains("Infinity") ? Double.valueOf(text) : new BigDecimal(text);
        }
        if (type.equals("UUID")) {
            return value.invokeMember("__str__").asString();
        }
        if (value.canInvokeMember("isoformat")) {
            return value.invokeMember("isoformat").asString();
        }
        return null;
    }

    @Override
    public String typeName(Value value) {
        Value meta = value.getMetaObject();
        return meta == null ? "object" : meta.getMetaSimpleName();
    }
}

package dev.mxcp.host.engine;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ConfigException;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.EndpointSet;
import dev.mxcp.host.endpoint.ResourceDef;
import dev.mxcp.host.endpoint.UriTemplate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a loaded project serves, and the one place that finds an endpoint by what a caller named: built once
 * per load and per reload from the {@link EndpointSet}, so nothing is derived per call (a template's matcher
 * is compiled here, once). MCP asks {@link #find} (unknown means absent); the CLI and the embedding API ask
 * {@link #require}, which says why an endpoint cannot be called.
 *
 * <p>Disabled endpoints are not served. Endpoints with {@code policies:} are served and listed like any other:
 * the engine enforces their policies on every call. Built-in tools ({@link dev.mxcp.host.endpoint.BuiltInSqlTools})
 * and a {@link Gateway}'s endpoints are served and listed after the project's own, which win a name they share;
 * they are not among the {@link #enabled} ones that {@code mxcp test} runs.
 */
public final class ServedEndpoints {

    private final EndpointSet loaded;
    private final Map<EndpointDef.Kind, List<Endpoint>> enabled = new EnumMap<>(EndpointDef.Kind.class);
    private final Index served = new Index();
    /** Disabled endpoints, found the same way, only to say "is disabled" rather than "unknown". */
    private final Index disabled = new Index();

    /** The built-in tools served, those whose names the project does not use. */
    private final List<Endpoint> builtIn = new ArrayList<>();

    private ServedEndpoints(EndpointSet loaded, List<Endpoint> builtIns) {
        this.loaded = loaded;
        for (EndpointDef.Kind kind : EndpointDef.Kind.values()) {
            enabled.put(kind, new ArrayList<>());
        }
        for (Endpoint endpoint : loaded.all()) {
            EndpointDef def = endpoint.definition();
            if (!def.enabled()) {
                disabled.add(endpoint);
                continue;
            }
            served.add(endpoint);
            enabled.get(endpoint.kind()).add(endpoint);
        }
        for (Endpoint tool : builtIns) {
            if (served.find(tool.kind(), tool.key()).isEmpty()) {
                served.add(tool);
                builtIn.add(tool);
            }
        }
    }

    /** The view of {@code loaded}. */
    public static ServedEndpoints of(EndpointSet loaded) {
        return new ServedEndpoints(loaded, List.of());
    }

    /** The view of {@code loaded}, with {@code builtIns} served beside it where their names are free. */
    public static ServedEndpoints of(EndpointSet loaded, List<Endpoint> builtIns) {
        return new ServedEndpoints(loaded, builtIns);
    }

    /** The built-in tools served (their names not taken by the project's endpoints). */
    public List<Endpoint> builtIn() {
        return List.copyOf(builtIn);
    }

    /** Everything loaded, enabled or not, and the files that failed to load ({@code mxcp list}, validation). */
    public EndpointSet loaded() {
        return loaded;
    }

    /** The enabled endpoints of {@code kind} in discovery order: what {@code mxcp test} runs. */
    public List<Endpoint> enabled(EndpointDef.Kind kind) {
        return List.copyOf(enabled.get(kind));
    }

    /**
     * What clients are offered, in discovery order: enabled endpoints of {@code kind}; for
     * resources only those with a plain URI (templates are {@link #listedTemplates}).
     */
    public List<Endpoint> listed(EndpointDef.Kind kind) {
        List<Endpoint> listed = new ArrayList<>(enabled.get(kind).stream().filter(e -> !isTemplate(e)).toList());
        builtIn.stream().filter(e -> e.kind() == kind).forEach(listed::add);
        return List.copyOf(listed);
    }

    /** The resource templates clients are offered. */
    public List<Endpoint> listedTemplates() {
        return enabled.get(EndpointDef.Kind.RESOURCE).stream().filter(ServedEndpoints::isTemplate).toList();
    }

    private static boolean isTemplate(Endpoint endpoint) {
        return endpoint.definition() instanceof ResourceDef resource && resource.template().isTemplate();
    }

    /**
     * The served endpoint of {@code kind} called {@code name}. A resource is found by its URI (or a template's
     * text), else by its {@code name}, else as the first template that the concrete URI {@code name} matches,
     * whose variables then become arguments.
     */
    public Optional<ServedEndpoint> find(EndpointDef.Kind kind, String name) {
        return served.find(kind, name);
    }

    /**
     * Like {@link #find}, for callers that name one endpoint on purpose (the CLI, the embedding API): fails with
     * MXCP's one line, {@code Endpoint 'x' not found in tools}, for an unknown or disabled endpoint, adding why
     * (it is disabled, or the load error of its file).
     */
    public ServedEndpoint require(EndpointDef.Kind kind, String name) {
        Optional<ServedEndpoint> found = served.find(kind, name);
        if (found.isPresent()) {
            return found.get();
        }
        Optional<ServedEndpoint> off = disabled.find(kind, name);
        if (off.isPresent()) {
            Endpoint endpoint = off.get().endpoint();
            throw new MxcpException(notFound(kind, name) + " (" + endpoint.label() + " is disabled: enabled: false in "
                    + endpoint.file().getFileName() + ")");
        }
        String failed = loaded.errors().stream().map(ConfigException::getMessage)
                .filter(m -> m.contains("'" + name + "'")).findFirst()
                .map(m -> " (its definition failed to load: " + m + ")").orElse("");
        throw new MxcpException(notFound(kind, name) + failed);
    }

    /** MXCP's words for an endpoint it cannot find, disabled ones included (scripts look for "not found"). */
    private static String notFound(EndpointDef.Kind kind, String name) {
        return "Endpoint '" + name + "' not found in " + kind.yamlName() + "s";
    }

    /** Lookup tables of one set of endpoints: tools and prompts by name, resources by URI, name and template. */
    private static final class Index {

        private final Map<EndpointDef.Kind, Map<String, Endpoint>> byKey = new EnumMap<>(EndpointDef.Kind.class);
        private final Map<String, Endpoint> resourcesByName = new HashMap<>();
        private final List<Template> templates = new ArrayList<>();

        /** A resource template with its matcher, compiled once. */
        private record Template(Endpoint endpoint, UriTemplate uri) {
        }

        void add(Endpoint endpoint) {
            byKey.computeIfAbsent(endpoint.kind(), k -> new HashMap<>()).putIfAbsent(endpoint.key(), endpoint);
            if (endpoint.definition() instanceof ResourceDef resource) {
                if (resource.name() != null) {
                    resourcesByName.putIfAbsent(resource.name(), endpoint);
                }
                UriTemplate template = resource.template();
                if (template.isTemplate()) {
                    templates.add(new Template(endpoint, template));
                }
            }
        }

        Optional<ServedEndpoint> find(EndpointDef.Kind kind, String name) {
            Endpoint exact = byKey.getOrDefault(kind, Map.of()).get(name);
            if (kind != EndpointDef.Kind.RESOURCE) {
                return Optional.ofNullable(exact).map(e -> new ServedEndpoint(e, null, Map.of()));
            }
            if (exact != null) {
                return Optional.of(new ServedEndpoint(exact, name, Map.of()));
            }
            Endpoint named = resourcesByName.get(name);
            if (named != null) {
                return Optional.of(new ServedEndpoint(named, named.key(), Map.of()));
            }
            for (Template template : templates) {
                Optional<Map<String, String>> variables = template.uri().match(name);
                if (variables.isPresent()) {
                    return Optional.of(new ServedEndpoint(template.endpoint(), name, variables.get()));
                }
            }
            return Optional.empty();
        }
    }
}

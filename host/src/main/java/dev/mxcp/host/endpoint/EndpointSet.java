package dev.mxcp.host.endpoint;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ConfigException;
import dev.mxcp.host.config.YamlDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All endpoints of a project and the files that failed to load. Tool and prompt names and resource URIs
 * share one namespace: every endpoint whose key is taken twice is an error, and neither copy is served.
 */
public final class EndpointSet {

    private final List<Endpoint> endpoints;
    private final List<ConfigException> errors;

    private EndpointSet(List<Endpoint> endpoints, List<ConfigException> errors) {
        this.endpoints = List.copyOf(endpoints);
        this.errors = List.copyOf(errors);
    }

    static EndpointSet of(List<Endpoint> loaded, List<ConfigException> loadErrors) {
        Map<String, List<Endpoint>> byKey = new LinkedHashMap<>();
        for (Endpoint endpoint : loaded) {
            byKey.computeIfAbsent(endpoint.key(), k -> new ArrayList<>()).add(endpoint);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        List<ConfigException> errors = new ArrayList<>(loadErrors);
        for (List<Endpoint> sameKey : byKey.values()) {
            if (sameKey.size() == 1) {
                endpoints.add(sameKey.getFirst());
                continue;
            }
            for (Endpoint duplicate : sameKey) {
                List<String> others = sameKey.stream().filter(e -> e != duplicate)
                        .map(e -> e.label() + " in " + e.file().getFileName()).toList();
                errors.add(new ConfigException(EndpointLoader.locationOf(duplicate), "",
                        "duplicate name: " + duplicate.label() + " is also defined as " + String.join(", ", others)));
            }
        }
        return new EndpointSet(endpoints, errors);
    }

    /**
     * Fails closed: throws, naming the file and key, when an enabled endpoint declares {@code policies:},
     * which this version does not enforce yet (serving it unprotected would leak what they guard). Serving
     * and running call this; the executor refuses such an endpoint at call time too.
     */
    public void requireSupported() {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.definition().enabled() && !endpoint.definition().policies().isEmpty()) {
                throw YamlDocument.read(endpoint.file()).errorAt(List.of(endpoint.kind().yamlName(), "policies"),
                        "not supported yet: " + endpoint.label() + " declares policies, which this version does not"
                                + " enforce, so the project is refused rather than served unprotected");
            }
        }
    }

    /** Loaded endpoints, enabled or not, in discovery order (tools, resources, prompts; files sorted). */
    public List<Endpoint> all() {
        return endpoints;
    }

    /** Files that failed to load and duplicate names. */
    public List<ConfigException> errors() {
        return errors;
    }

    public List<Endpoint> ofKind(EndpointDef.Kind kind) {
        return endpoints.stream().filter(e -> e.kind() == kind).toList();
    }

    /**
     * The endpoint of {@code kind} called {@code name}. Resources are found by URI, by name, or by a concrete
     * URI that matches a template.
     */
    public Optional<Endpoint> find(EndpointDef.Kind kind, String name) {
        Optional<Endpoint> exact = ofKind(kind).stream().filter(e -> e.key().equals(name)).findFirst();
        if (exact.isPresent() || kind != EndpointDef.Kind.RESOURCE) {
            return exact;
        }
        return ofKind(kind).stream()
                .filter(e -> name.equals(((ResourceDef) e.definition()).name())
                        || ((ResourceDef) e.definition()).template().match(name).isPresent())
                .findFirst();
    }

    /** Like {@link #find} but fails with a clear message, also for disabled endpoints and failed files. */
    public Endpoint require(EndpointDef.Kind kind, String name) {
        Endpoint endpoint = find(kind, name).orElseThrow(() -> {
            String failed = errors.stream().map(ConfigException::getMessage)
                    .filter(m -> m.contains("'" + name + "'")).findFirst()
                    .map(m -> " (its definition failed to load: " + m + ")").orElse("");
            return new MxcpException("unknown " + kind.yamlName() + " '" + name + "'" + failed);
        });
        if (!endpoint.definition().enabled()) {
            throw new MxcpException(endpoint.label() + " is disabled (enabled: false in " + endpoint.file().getFileName() + ")");
        }
        return endpoint;
    }
}

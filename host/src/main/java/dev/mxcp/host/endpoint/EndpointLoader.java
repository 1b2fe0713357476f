package dev.mxcp.host.endpoint;

import dev.mxcp.host.config.ConfigException;
import dev.mxcp.host.config.Location;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.SiteConfig;
import dev.mxcp.host.config.YamlDocument;
import dev.mxcp.policy.PolicyRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds endpoint files under the project's tools/, resources/ and prompts/ folders ({@code .yml} and
 * {@code .yaml}, recursively), binds them and checks what can be checked without running anything.
 */
public final class EndpointLoader {

    private static final Pattern PARAM_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private static final System.Logger LOG = System.getLogger(EndpointLoader.class.getName());

    private EndpointLoader() {
    }

    /** Loads every endpoint of the project; broken files become load errors, never exceptions. */
    public static EndpointSet load(ProjectConfig project) {
        SiteConfig.Paths paths = project.site().paths();
        List<Endpoint> endpoints = new ArrayList<>();
        List<ConfigException> errors = new ArrayList<>();
        for (EndpointDef.Kind kind : EndpointDef.Kind.values()) {
            String folder = switch (kind) {
                case TOOL -> paths.tools();
                case RESOURCE -> paths.resources();
                case PROMPT -> paths.prompts();
            };
            for (Path file : yamlFiles(project.root().resolve(folder))) {
                try {
                    Endpoint endpoint = loadFile(project.root(), file, kind);
                    if (endpoint != null) {
                        endpoints.add(endpoint);
                    }
                } catch (ConfigException e) {
                    errors.add(e);
                }
            }
        }
        return EndpointSet.of(endpoints, errors);
    }

    /**
     * Loads one endpoint file of the folder for {@code kind}; null, with a warning, when it defines another kind
     * (MXCP skips such a file, so a project that has one still loads).
     */
    static Endpoint loadFile(Path root, Path file, EndpointDef.Kind kind) {
        YamlDocument doc = YamlDocument.read(file);
        if (!(doc.data() instanceof Map<?, ?>)) {
            throw doc.errorAt(List.of(), "expected a mapping with '" + kind.yamlName() + ":' at the top of the file");
        }
        EndpointDef def = doc.bind(doc.data(), EndpointFile.class).definition();
        if (def.kind() != kind) {
            LOG.log(System.Logger.Level.WARNING, "Skipping {0}: a {1} definition in the {2}s folder is not served; move it"
                    + " or change it to ''{2}:''", file, def.kind().yamlName(), kind.yamlName());
            return null;
        }
        String section = kind.yamlName();
        checkParameters(doc, section, def.parameters());
        if (def.returns() != null) {
            checkType(doc, List.of(section, "return"), def.returns());
        }
        if (def instanceof ToolDef tool && tool.inputSchema() != null) {
            checkInputSchema(doc, tool);
        }
        if (def instanceof PromptDef prompt && prompt.messages().isEmpty()) {
            throw doc.errorAt(List.of(section), "a prompt needs at least one message");
        }
        Endpoint loaded = def instanceof Executable executable ? withSource(root, file, doc, def, executable)
                : new Endpoint(def, file, null, null);
        return loaded.withPolicyRules(compilePolicies(doc, def));
    }

    /** The policies compiled now, so that a condition that does not compile is a load error at its line. */
    private static PolicyRules compilePolicies(YamlDocument doc, EndpointDef def) {
        Set<String> parameters = def.parameters().stream().map(TypeSpec::name).collect(Collectors.toSet());
        try {
            return def.policies().compile(parameters);
        } catch (PolicyRules.InvalidRule e) {
            throw doc.errorAt(List.of(def.kind().yamlName(), "policies", e.input() ? "input" : "output", e.index(),
                    "condition"), e.getMessage());
        }
    }

    private static Endpoint withSource(Path root, Path file, YamlDocument doc, EndpointDef def, Executable executable) {
        Source source = executable.source();
        List<Object> at = List.of(def.kind().yamlName(), "source");
        if (source.file() == null) {
            if (executable.language() != Language.SQL) {
                throw doc.errorAt(at, executable.language().yamlName() + " endpoints need 'source.file'");
            }
            return new Endpoint(def, file, source.code(), null);
        }
        Path codeFile = source.file().startsWith("/")
                ? root.resolve(source.file().substring(1)).normalize()
                : file.getParent().resolve(source.file()).normalize();
        if (!Files.isRegularFile(codeFile)) {
            throw doc.errorAt(List.of(def.kind().yamlName(), "source", "file"), "source file not found: " + codeFile);
        }
        if (executable.language() != Language.SQL) {
            return new Endpoint(def, file, null, codeFile);
        }
        try {
            return new Endpoint(def, file, Files.readString(codeFile, StandardCharsets.UTF_8), codeFile);
        } catch (IOException e) {
            throw doc.errorAt(List.of(def.kind().yamlName(), "source", "file"), "cannot read " + codeFile);
        }
    }

    private static void checkParameters(YamlDocument doc, String section, List<TypeSpec> parameters) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < parameters.size(); i++) {
            TypeSpec param = parameters.get(i);
            List<Object> at = List.of(section, "parameters", i);
            if (param.name() == null) {
                throw doc.errorAt(at, "a parameter needs a 'name'");
            }
            if (!PARAM_NAME.matcher(param.name()).matches()) {
                throw doc.errorAt(append(at, "name"), "invalid parameter name '" + param.name()
                        + "' (letters, digits and _, not starting with a digit)");
            }
            if (!seen.add(param.name())) {
                throw doc.errorAt(append(at, "name"), "duplicate parameter '" + param.name() + "'");
            }
            checkType(doc, at, param);
        }
    }

    /** Every node of a type needs a 'type', and constraints must fit it. */
    private static void checkType(YamlDocument doc, List<Object> at, TypeSpec type) {
        if (type.type() == null) {
            throw doc.errorAt(at, "missing required key 'type'");
        }
        if (type.pattern() != null) {
            try {
                Pattern.compile(type.pattern());
            } catch (java.util.regex.PatternSyntaxException e) {
                throw doc.errorAt(append(at, "pattern"), "invalid regular expression: " + e.getDescription());
            }
        }
        if (type.items() != null) {
            checkType(doc, append(at, "items"), type.items());
        }
        for (Map.Entry<String, TypeSpec> property : type.properties().entrySet()) {
            if (property.getValue() == null) {
                throw doc.errorAt(append(append(at, "properties"), property.getKey()), "missing type definition");
            }
            checkType(doc, append(append(at, "properties"), property.getKey()), property.getValue());
        }
        for (String name : type.required()) {
            if (!type.properties().isEmpty() && !type.properties().containsKey(name)) {
                throw doc.errorAt(append(at, "required"), "required property '" + name + "' is not among 'properties'");
            }
        }
    }

    /** A raw input schema must describe an object whose properties are exactly the declared parameters. */
    private static void checkInputSchema(YamlDocument doc, ToolDef tool) {
        List<Object> at = List.of("tool", "input_schema");
        com.fasterxml.jackson.databind.JsonNode schema = tool.inputSchema();
        if (!schema.isObject() || !"object".equals(schema.path("type").asText())) {
            throw doc.errorAt(at, "input_schema must be a JSON Schema with type: object");
        }
        if (schema.has("$schema") && !JsonSchemas.DIALECT.equals(schema.get("$schema").asText())) {
            throw doc.errorAt(List.of("tool", "input_schema", "$schema"), "unsupported JSON Schema dialect "
                    + schema.get("$schema") + "; MCP uses " + JsonSchemas.DIALECT + " (or leave $schema out)");
        }
        Set<String> properties = new HashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> parameters = new HashSet<>();
        tool.parameters().forEach(p -> parameters.add(p.name()));
        if (!properties.equals(parameters)) {
            throw doc.errorAt(at, "input_schema properties " + new java.util.TreeSet<>(properties)
                    + " must be the declared parameters " + new java.util.TreeSet<>(parameters));
        }
        try {
            ParamHeaders.of(schema);
        } catch (ParamHeaders.Invalid e) {
            List<Object> where = new ArrayList<>(at);
            where.addAll(e.at());
            throw doc.errorAt(where, e.getMessage());
        }
    }

    private static List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".yml") || f.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> next = new ArrayList<>(path);
        next.add(step);
        return next;
    }

    /** Where a definition problem found after loading (e.g. a duplicate name) is reported. */
    static Location locationOf(Endpoint endpoint) {
        return YamlDocument.read(endpoint.file()).locate(List.of(endpoint.kind().yamlName(),
                endpoint.kind() == EndpointDef.Kind.RESOURCE ? "uri" : "name"));
    }
}

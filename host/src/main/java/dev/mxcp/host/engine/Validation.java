package dev.mxcp.host.engine;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ConfigException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.db.DbSession;
import dev.mxcp.host.db.DuckDb;
import dev.mxcp.host.db.SqlParams;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointSet;
import dev.mxcp.host.endpoint.Executable;
import dev.mxcp.host.endpoint.Language;
import dev.mxcp.host.endpoint.PromptDef;
import dev.mxcp.host.endpoint.ResourceDef;
import dev.mxcp.host.endpoint.TypeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code mxcp validate}: what loading checks, plus what needs the database or a template engine — SQL
 * must prepare, its {@code $name}s must equal the declared parameters, prompt templates must only use
 * declared variables.
 */
public final class Validation {

    /**
     * The verdict on one endpoint (or one file that failed to load).
     *
     * @param path   the endpoint's file relative to the project, or where a file failed to load ({@code file:line:column})
     * @param file   the endpoint's (or failed file's) absolute path
     * @param loaded false for a file that failed to load (its one problem is why)
     */
    public record Result(String label, String path, List<String> problems, Path file, boolean loaded) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private final ProjectConfig config;
    private final EndpointSet endpoints;
    private final Supplier<DuckDb> database;
    private final PromptRenderer prompts;

    Validation(ProjectConfig config, EndpointSet endpoints, Supplier<DuckDb> database, PromptRenderer prompts) {
        this.config = config;
        this.endpoints = endpoints;
        this.database = database;
        this.prompts = prompts;
    }

    /** All endpoint files, or {@code onlyFile} alone: as given, else (like MXCP, run in the project) under the project. */
    List<Result> run(Path file) {
        Path onlyFile = file == null || file.isAbsolute() || Files.exists(file) ? file : config.root().resolve(file);
        List<Result> results = new ArrayList<>();
        for (ConfigException error : endpoints.errors()) {
            if (onlyFile == null || sameFile(error.location().file(), onlyFile)) {
                results.add(new Result("file", error.location().toString(), List.of(error.getMessage()),
                        error.location().file().toAbsolutePath().normalize(), false));
            }
        }
        for (Endpoint endpoint : endpoints.all()) {
            if (onlyFile == null || sameFile(endpoint.file(), onlyFile)) {
                results.add(new Result(endpoint.label(), relative(endpoint.file()), problems(endpoint),
                        endpoint.file().toAbsolutePath().normalize(), true));
            }
        }
        if (onlyFile != null && results.isEmpty()) {
            throw new MxcpException(file + " is not an endpoint file of this project");
        }
        return results;
    }

    /** The enabled endpoints that fail validation, with their problems: what a server skips, as MXCP's does. */
    Map<Endpoint, List<String>> invalidEnabled() {
        Map<Endpoint, List<String>> invalid = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints.all()) {
            if (endpoint.definition().enabled()) {
                List<String> problems = problems(endpoint);
                if (!problems.isEmpty()) {
                    invalid.put(endpoint, problems);
                }
            }
        }
        return invalid;
    }

    private List<String> problems(Endpoint endpoint) {
        List<String> problems = new ArrayList<>();
        if (endpoint.definition() instanceof ResourceDef resource && !unusedParameters(resource).isEmpty()) {
            problems.add("Resource parameter(s) " + unusedParameters(resource).stream().map(n -> "'" + n + "'").toList()
                    + " are not used in uri '" + resource.uri() + "'. Put them in the uri or make a 'tool:' instead.");
        }
        switch (endpoint.definition()) {
            case PromptDef prompt -> problems.addAll(prompts.problems(prompt));
            case Executable code when code.language() == Language.SQL -> checkSql(endpoint, problems);
            case Executable code -> { } // Guest code is checked when its language runtime loads it.
        }
        return problems;
    }

    /**
     * Parameters of a resource that are not variables of its URI, sorted: MXCP's validator refuses them (its
     * loader, {@code mxcp list} and {@code mxcp run} take them). URI variables without a parameter are fine.
     */
    private static List<String> unusedParameters(ResourceDef resource) {
        List<String> variables = resource.template().variables();
        return resource.parameters().stream().map(TypeSpec::name).filter(n -> !variables.contains(n)).sorted().toList();
    }

    private void checkSql(Endpoint endpoint, List<String> problems) {
        Set<String> declared = new LinkedHashSet<>();
        endpoint.definition().parameters().stream().map(TypeSpec::name).forEach(declared::add);
        List<String> used;
        try {
            used = SqlParams.parse(endpoint.code()).names();
        } catch (MxcpException e) {
            problems.add(e.getMessage());
            return;
        }
        for (String name : used) {
            if (!declared.contains(name)) {
                problems.add("SQL uses $" + name + ", which is not a declared parameter");
            }
        }
        for (String name : declared) {
            if (!used.contains(name)) {
                problems.add("parameter '" + name + "' is declared but the SQL never uses $" + name);
            }
        }
        try (DbSession session = database.get().session()) {
            session.prepare(endpoint.code());
        } catch (MxcpException e) {
            problems.add("SQL does not prepare: " + e.getMessage());
        }
    }

    private String relative(Path file) {
        return config.root().relativize(file).toString();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}

package dev.mxcp.host.cli;

import dev.mxcp.host.config.ConfigException;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.EndpointSet;
import dev.mxcp.host.engine.ProjectRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code mxcp list}: the project's endpoints by kind, and the files that failed to load. */
@Command(name = "list", description = "List the project's tools, resources and prompts.")
final class ListCommand extends ProjectCommand {

    /** Reads the project and runs nothing, so settings this runtime does not apply yet do not stop it. */
    @Override
    boolean runsProject() {
        return false;
    }

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) {
        EndpointSet endpoints = runtime.endpoints();
        if (cli.jsonOutput) {
            printResult(cli, json(runtime));
            return endpoints.errors().isEmpty() ? 0 : 1;
        }
        for (EndpointDef.Kind kind : EndpointDef.Kind.values()) {
            List<Endpoint> ofKind = endpoints.ofKind(kind);
            cli.out.println(kind.yamlName() + "s (" + ofKind.size() + "):");
            for (Endpoint endpoint : ofKind) {
                String description = endpoint.definition().description();
                cli.out.println("  " + endpoint.key()
                        + (endpoint.definition().enabled() ? "" : " [disabled]")
                        + (description == null || description.isBlank() ? "" : " - " + firstLine(description)));
            }
        }
        if (!endpoints.errors().isEmpty()) {
            cli.out.println("errors (" + endpoints.errors().size() + "):");
            endpoints.errors().forEach(e -> cli.out.println("  " + e.getMessage()));
            return 1;
        }
        return 0;
    }

    /**
     * MXCP's {@code list --json-output} result ({@code interfaces/cli/list.py}): {@code status} is "ok" unless a
     * file failed to load, and {@code endpoints} has one {@code {path, kind, name, error}} per file — the file's
     * absolute path, kind tool/resource/prompt, the name (a resource's URI) and "" for error; a file that failed
     * to load is kind and name "unknown" with its error. Disabled endpoints are left out, as MXCP's discovery
     * skips them.
     */
    static Map<String, Object> json(ProjectRuntime runtime) {
        EndpointSet endpoints = runtime.endpoints();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Endpoint endpoint : endpoints.all()) {
            if (endpoint.definition().enabled()) {
                items.add(entry(endpoint.file(), endpoint.kind().yamlName(), endpoint.key(), ""));
            }
        }
        for (ConfigException error : endpoints.errors()) {
            items.add(entry(error.location().file(), "unknown", "unknown", error.getMessage()));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", endpoints.errors().isEmpty() ? "ok" : "error");
        result.put("endpoints", items);
        return result;
    }

    private static Map<String, Object> entry(Path file, String kind, String name, String error) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", file.toAbsolutePath().normalize().toString());
        entry.put("kind", kind);
        entry.put("name", name);
        entry.put("error", error);
        return entry;
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("");
    }
}

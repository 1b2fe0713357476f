package dev.mxcp.host.cli;

import dev.mxcp.host.config.ConfigException;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.EndpointSet;
import dev.mxcp.host.engine.ProjectRuntime;
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
            List<Map<String, Object>> items = new ArrayList<>();
            for (Endpoint endpoint : endpoints.all()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("type", endpoint.kind().yamlName());
                item.put("name", endpoint.key());
                item.put("path", runtime.config().root().relativize(endpoint.file()).toString());
                item.put("enabled", endpoint.definition().enabled());
                item.put("description", endpoint.definition().description());
                items.add(item);
            }
            for (ConfigException error : endpoints.errors()) {
                items.add(Map.of("type", "error", "path", error.location().toString(), "error", error.getMessage()));
            }
            printResult(cli, items);
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

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("");
    }
}

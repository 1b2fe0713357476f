package dev.mxcp.host.cli;

import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.TestDef;
import dev.mxcp.host.endpoint.ToolDef;
import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.host.engine.ProjectRuntime;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mxcp lint}: MXCP's checks for metadata that helps LLMs use the endpoints (descriptions, examples,
 * defaults, tags, tests, tool annotations), with MXCP's severities, locations, messages and output. Files that
 * failed to load are left out, as in MXCP ({@code mxcp validate} reports them). The exit code is 0 whatever it
 * finds, as in MXCP; 1 only when the project cannot be read.
 */
@Command(name = "lint", description = {"Check endpoints for missing but recommended metadata.",
        "Missing descriptions (endpoints, parameters, return and nested types, tests), tests, parameter examples"
                + " and defaults, tags and tool annotations."})
final class LintCommand extends ProjectCommand {

    /** What {@code --severity} keeps: as in MXCP, {@code warning} and {@code info} keep exactly that severity. */
    enum Filter { all, warning, info }

    @Option(names = "--severity", defaultValue = "all", paramLabel = "LEVEL",
            description = "Which issues to report: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); warning and info"
                    + " show only that severity.")
    Filter severity = Filter.all;

    /** One finding; {@code location} is the YAML path of what is missing. */
    record Issue(String severity, String path, String location, String message, String suggestion) {
    }

    /** Reads the project and runs nothing, so settings this runtime does not apply yet do not stop it. */
    @Override
    boolean runsProject() {
        return false;
    }

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) {
        List<Endpoint> endpoints = runtime.endpoints().all();
        Map<String, List<Issue>> files = new LinkedHashMap<>();
        List<String> clean = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            List<Issue> issues = lint(endpoint).stream()
                    .filter(i -> severity == Filter.all || i.severity().equals(severity.name())).toList();
            String path = endpoint.file().toString();
            if (issues.isEmpty()) {
                clean.add(path);
            } else {
                files.put(path, issues);
            }
        }
        if (cli.jsonOutput) {
            List<Map<String, Object>> results = new ArrayList<>();
            for (List<Issue> issues : files.values()) {
                for (Issue issue : issues) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("severity", issue.severity());
                    item.put("path", issue.path());
                    item.put("location", issue.location());
                    item.put("message", issue.message());
                    if (issue.suggestion() != null) {
                        item.put("suggestion", issue.suggestion());
                    }
                    results.add(item);
                }
            }
            printResult(cli, results);
        } else {
            printText(cli.out, endpoints.size(), files, clean);
        }
        return 0;
    }

    /** MXCP's checks of one endpoint, in its order. */
    static List<Issue> lint(Endpoint endpoint) {
        Checks checks = new Checks(endpoint.file().toString());
        EndpointDef definition = endpoint.definition();
        String kind = definition.kind().yamlName();
        String title = Character.toUpperCase(kind.charAt(0)) + kind.substring(1);

        if (isEmpty(definition.description())) {
            checks.warning(kind + ".description", title + " is missing a description",
                    "Add a 'description' field to help LLMs understand what this endpoint does");
        }
        if (definition.tags().isEmpty()) {
            checks.info(kind + ".tags", title + " has no tags",
                    "Consider adding tags to help categorize and discover this endpoint");
        }
        if (definition.kind() != EndpointDef.Kind.PROMPT) {
            List<TestDef> tests = definition.tests();
            if (tests.isEmpty()) {
                checks.warning(kind + ".tests", title + " has no tests defined",
                        "Add at least one test case to ensure the endpoint works correctly");
            }
            for (int i = 0; i < tests.size(); i++) {
                if (isEmpty(tests.get(i).description())) {
                    checks.info(kind + ".tests[" + i + "].description",
                            "Test '" + tests.get(i).name() + "' is missing a description",
                            "Add a 'description' field to explain what this test validates");
                }
            }
        }
        List<TypeSpec> parameters = definition.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            checks.parameter(parameters.get(i), kind + ".parameters[" + i + "]", i);
        }
        if (definition.returns() != null) {
            TypeSpec returns = definition.returns();
            if (isEmpty(returns.description())) {
                checks.warning(kind + ".return.description", "Return type is missing a description",
                        "Add a 'description' field to help LLMs understand the output format");
            }
            checks.nested(returns, kind + ".return");
        }
        if (definition instanceof ToolDef tool && !hasAnnotations(tool.annotations())) {
            checks.info(kind + ".annotations", "Tool has no behavioral annotations",
                    "Consider adding annotations like readOnlyHint, idempotentHint to help LLMs use the tool safely");
        }
        return checks.issues;
    }

    /** The issues of one file as they are found. */
    private static final class Checks {
        final String path;
        final List<Issue> issues = new ArrayList<>();

        Checks(String path) {
            this.path = path;
        }

        void error(String location, String message, String suggestion) {
            issues.add(new Issue("error", path, location, message, suggestion));
        }

        void warning(String location, String message, String suggestion) {
            issues.add(new Issue("warning", path, location, message, suggestion));
        }

        void info(String location, String message, String suggestion) {
            issues.add(new Issue("info", path, location, message, suggestion));
        }

        void parameter(TypeSpec parameter, String location, int index) {
            String name = isEmpty(parameter.name()) ? "parameter[" + index + "]" : parameter.name();
            if (isEmpty(parameter.description())) {
                error(location + ".description", "Parameter '" + name + "' is missing a description",
                        "Add a 'description' field to explain what this parameter does");
            }
            if (parameter.examples().isEmpty()) {
                info(location + ".examples", "Parameter '" + name + "' has no examples",
                        "Consider adding an 'examples' array to help LLMs understand valid inputs");
            }
            if (!parameter.hasDefault()) {
                info(location + ".default", "Parameter '" + name + "' has no default value",
                        "Consider adding a 'default' value for optional parameters");
            }
            nested(parameter, location);
        }

        /** The items of an array and the properties of an object, at any depth. */
        void nested(TypeSpec type, String location) {
            if (type.type() == TypeSpec.DataType.ARRAY && type.items() != null) {
                TypeSpec items = type.items();
                if (isEmpty(items.description())) {
                    warning(location + ".items", "Type '" + typeName(items) + "' is missing a description",
                            "Add a 'description' field to help LLMs understand this type");
                }
                nested(items, location + ".items");
            } else if (type.type() == TypeSpec.DataType.OBJECT) {
                for (Map.Entry<String, TypeSpec> property : type.properties().entrySet()) {
                    String at = location + ".properties." + property.getKey();
                    if (isEmpty(property.getValue().description())) {
                        warning(at, "Property '" + property.getKey() + "' is missing a description",
                                "Add a 'description' field to help LLMs understand this property");
                    }
                    nested(property.getValue(), at);
                }
            }
        }
    }

    private static String typeName(TypeSpec type) {
        return type.type() == null ? "None" : type.type().yamlName();
    }

    private static boolean hasAnnotations(ToolDef.Annotations annotations) {
        return annotations != null && (annotations.title() != null || annotations.readOnlyHint() != null
                || annotations.destructiveHint() != null || annotations.idempotentHint() != null
                || annotations.openWorldHint() != null);
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    /** MXCP's report: a summary, each file's issues (errors, warnings, then suggestions), the clean files. */
    private static void printText(PrintStream out, int checked, Map<String, List<Issue>> files, List<String> clean) {
        if (checked == 0) {
            out.println("ℹ️  No endpoints were linted");
            return;
        }
        out.println("\n🔍 Lint Results");
        out.println("   Checked " + checked + " endpoint files");
        if (files.isEmpty()) {
            out.println("\n🎉 All endpoints have excellent metadata!");
            return;
        }
        List<Issue> all = files.values().stream().flatMap(List::stream).toList();
        long errors = all.stream().filter(i -> i.severity().equals("error")).count();
        long warnings = all.stream().filter(i -> i.severity().equals("warning")).count();
        long infos = all.stream().filter(i -> i.severity().equals("info")).count();
        out.println("   • " + files.size() + " files with suggestions");
        if (errors > 0) {
            out.println("   • " + errors + " errors");
        }
        if (warnings > 0) {
            out.println("   • " + warnings + " warnings");
        }
        if (infos > 0) {
            out.println("   • " + infos + " suggestions");
        }
        for (Map.Entry<String, List<Issue>> file : files.entrySet()) {
            out.println("\n📄 " + file.getKey());
            for (String[] level : new String[][] {{"error", "❌"}, {"warning", "⚠️"}, {"info", "ℹ️"}}) {
                for (Issue issue : file.getValue()) {
                    if (issue.severity().equals(level[0])) {
                        out.println("  " + level[1] + "  " + issue.location());
                        out.println("     " + issue.message());
                        if (issue.suggestion() != null) {
                            out.println("     💡 " + issue.suggestion());
                        }
                    }
                }
            }
        }
        if (!clean.isEmpty()) {
            out.println("\n✅ Passed linting:");
            clean.stream().sorted().forEach(path -> out.println("  ✓ " + path));
        }
        out.println("\n📚 Why this matters:");
        out.println("   • Descriptions help LLMs understand your endpoints better");
        out.println("   • Examples show LLMs how to use parameters correctly");
        out.println("   • Tests ensure your endpoints work as expected");
        out.println("   • Good metadata = better LLM performance!");
    }
}

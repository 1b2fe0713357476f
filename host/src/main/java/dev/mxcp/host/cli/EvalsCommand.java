package dev.mxcp.host.cli;

import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.evals.EvalRunner;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mxcp evals [SUITE]}: runs eval suites against a model (MXCP's {@code interfaces/cli/evals.py}); exit 1
 * when a test fails or a suite cannot run (MXCP exits 0 for a suite it cannot find or run; a CI job should not).
 */
@Command(name = "evals", description = "Run LLM eval suites: the model's tool calls run here, then the assertions are checked.")
final class EvalsCommand extends ProjectCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SUITE", description = "One suite by name (default: all).")
    String suiteName;

    @Option(names = {"--user-context", "-u"}, paramLabel = "JSON", description = "The caller of every test: JSON or @file.json.")
    String userContext;

    @Option(names = {"--model", "-m"}, paramLabel = "NAME", description = "The model of every suite, over the suites' own.")
    String model;

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) {
        long start = System.nanoTime();
        EvalRunner runner = new EvalRunner(runtime, RunCommand.user(userContext), model);
        Map<String, Object> results = new java.util.LinkedHashMap<>(suiteName != null
                ? runner.run(runner.find(suiteName)) : runner.runAll());
        results.put("elapsed_time", (System.nanoTime() - start) / 1e9);
        if (cli.jsonOutput) {
            printResult(cli, results);
        } else if (suiteName != null) {
            printSuite(cli, results);
        } else {
            printAll(cli, results);
        }
        boolean ok = suiteName != null ? Boolean.TRUE.equals(results.get("all_passed"))
                : suites(results).stream().allMatch(s -> "passed".equals(s.get("status")));
        return ok ? 0 : 1;
    }

    private void printSuite(Main.Cli cli, Map<String, Object> results) {
        List<Map<String, Object>> tests = list(results.get("tests"));
        long passed = tests.stream().filter(t -> Boolean.TRUE.equals(t.get("passed"))).count();
        cli.out.println("Suite " + results.get("suite") + " (model " + results.get("model") + "): " + tests.size()
                + " tests, " + passed + " passed, " + (tests.size() - passed) + " failed");
        printTests(cli, tests, "  ");
    }

    private void printAll(Main.Cli cli, Map<String, Object> results) {
        List<Map<String, Object>> suites = suites(results);
        if (Boolean.TRUE.equals(results.get("no_evals"))) {
            cli.out.println("No eval files found (YAML files with 'mxcp: 1' and 'suite:' under evals/)");
            return;
        }
        for (Map<String, Object> suite : suites) {
            cli.out.println(suite.get("status").toString().toUpperCase(java.util.Locale.ROOT) + " " + suite.get("suite")
                    + " (" + suite.get("path") + ")");
            if ("error".equals(suite.get("status"))) {
                cli.out.println("    Error: " + suite.get("error"));
            }
            printTests(cli, list(suite.get("tests")), "    ");
        }
        long passed = suites.stream().filter(s -> "passed".equals(s.get("status"))).count();
        cli.out.println(suites.size() + " suites, " + passed + " passed, " + (suites.size() - passed) + " not");
    }

    private void printTests(Main.Cli cli, List<Map<String, Object>> tests, String indent) {
        for (Map<String, Object> test : tests) {
            boolean passed = Boolean.TRUE.equals(test.get("passed"));
            cli.out.printf("%s%s %s (%.2fs)%n", indent, passed ? "PASS" : "FAIL", test.get("name"),
                    ((Number) test.get("time")).doubleValue());
            if (test.get("error") != null) {
                cli.out.println(indent + "    Error: " + test.get("error"));
            }
            for (Object failure : list(test.get("failures"))) {
                cli.out.println(indent + "    " + failure);
            }
            if (debug && test.get("details") != null) {
                cli.out.println(indent + "    " + dev.mxcp.host.json.Json.write(test.get("details")));
            }
        }
    }

    private static List<Map<String, Object>> suites(Map<String, Object> results) {
        return list(results.get("suites"));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return value == null ? List.of() : (List<T>) value;
    }
}

package dev.mxcp.host.cli;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.engine.TestRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mxcp test [TYPE] [NAME]}: runs the YAML tests; a line per test, a summary, exit 1 on any failure, error
 * or file that failed to load.
 */
@Command(name = "test", description = "Run the endpoints' YAML tests.")
final class TestCommand extends ProjectCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", description = "tool, resource or prompt")
    EndpointDef.Kind kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "Only this endpoint.")
    String name;

    @Option(names = {"--user-context", "-u"}, paramLabel = "JSON|@FILE", description = "Caller for every test (overrides the tests' user_context).")
    String userContext;

    @Option(names = "--request-headers", paramLabel = "JSON|@FILE", description = "HTTP request headers, as JSON.")
    String requestHeaders;

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) {
        UserContext user = RunCommand.user(userContext);
        Map<String, String> headers = RunCommand.headers(requestHeaders);
        if (cli.jsonOutput && kind != null && name != null) {
            return jsonOne(cli, runtime, user, headers);
        }
        List<TestRunner.Suite> suites = runtime.runTestSuites(kind, name, user, headers);
        boolean ok = suites.stream().allMatch(s -> s.status() == TestRunner.Status.PASSED);
        if (cli.jsonOutput) {
            printResult(cli, report(runtime, suites));
            return ok ? 0 : 1;
        }
        long failed = 0;
        long total = 0;
        for (TestRunner.Suite suite : suites) {
            if (suite.loadError() != null) {
                cli.out.println("ERROR " + suite.loadError().getMessage());
            }
            for (TestRunner.Outcome outcome : suite.outcomes()) {
                total++;
                failed += outcome.passed() ? 0 : 1;
                cli.out.printf("%s %s / %s (%d ms)%n", switch (outcome.status()) {
                    case PASSED -> "PASS";
                    case FAILED -> "FAIL";
                    case ERROR -> "ERROR";
                }, outcome.endpoint(),
                        outcome.test(), outcome.millis());
                outcome.failures().forEach(f -> cli.out.println("     " + f));
            }
        }
        cli.out.println(total - failed + " passed, " + failed + " failed");
        return ok ? 0 : 1;
    }

    /**
     * {@code mxcp test TYPE NAME --json-output}: MXCP prints the endpoint's suite alone; an endpoint that is not
     * there is a suite with status "error" and a message.
     */
    private int jsonOne(Main.Cli cli, ProjectRuntime runtime, UserContext user, Map<String, String> headers) {
        List<TestRunner.Suite> suites;
        try {
            suites = runtime.runTestSuites(kind, name, user, headers);
        } catch (MxcpException e) {
            Map<String, Object> missing = suite("error", List.of(), false);
            missing.put("message", e.getMessage());
            printResult(cli, missing);
            return 1;
        }
        TestRunner.Suite only = suites.getFirst();
        printResult(cli, testResults(only));
        return only.status() == TestRunner.Status.PASSED ? 0 : 1;
    }

    /**
     * MXCP's {@code test --json-output} report ({@code interfaces/cli/test.py}; {@code services/tests/models.py}
     * dumped without nulls): {@code {status: "ok"|"failed"|"error", tests_run, endpoints: [{endpoint: "kind/name",
     * path, test_results}]}}; a file that failed to load is an entry whose {@code endpoint} is its absolute path
     * and whose test_results have status "error" and the message.
     */
    private static Map<String, Object> report(ProjectRuntime runtime, List<TestRunner.Suite> suites) {
        List<Map<String, Object>> endpoints = new ArrayList<>();
        int testsRun = 0;
        TestRunner.Status overall = TestRunner.Status.PASSED;
        for (TestRunner.Suite suite : suites) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("endpoint", suite.endpoint() == null ? suite.file().toString()
                    : suite.endpoint().kind().yamlName() + "/" + suite.endpoint().key());
            entry.put("path", runtime.config().root().relativize(suite.file()).toString());
            entry.put("test_results", testResults(suite));
            endpoints.add(entry);
            testsRun += suite.outcomes().size();
            if (suite.status().compareTo(overall) > 0) {
                overall = suite.status();
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", suiteStatus(overall));
        report.put("tests_run", testsRun);
        report.put("endpoints", endpoints);
        return report;
    }

    /**
     * One endpoint's {@code {status: "ok"|"failed"|"error", tests_run, tests: [{name, description, status:
     * "passed"|"failed"|"error", error?, time}], no_tests, message?}}; {@code time} in seconds, {@code error}
     * the failures joined with "; ".
     */
    private static Map<String, Object> testResults(TestRunner.Suite suite) {
        List<Map<String, Object>> tests = new ArrayList<>();
        for (TestRunner.Outcome outcome : suite.outcomes()) {
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("name", outcome.test());
            test.put("description", outcome.description() == null ? "" : outcome.description());
            test.put("status", outcome.status().name().toLowerCase(Locale.ROOT));
            if (!outcome.passed()) {
                test.put("error", String.join("; ", outcome.failures()));
            }
            test.put("time", outcome.nanos() / 1e9);
            tests.add(test);
        }
        boolean noTests = suite.loadError() == null && tests.isEmpty();
        Map<String, Object> results = suite(suiteStatus(suite.status()), tests, noTests);
        if (suite.loadError() != null) {
            results.put("message", suite.loadError().getMessage());
        }
        return results;
    }

    private static Map<String, Object> suite(String status, List<Map<String, Object>> tests, boolean noTests) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("status", status);
        results.put("tests_run", tests.size());
        results.put("tests", tests);
        results.put("no_tests", noTests);
        return results;
    }

    /** A suite's status as MXCP names it: ok, failed or error. */
    private static String suiteStatus(TestRunner.Status status) {
        return status == TestRunner.Status.PASSED ? "ok" : status.name().toLowerCase(Locale.ROOT);
    }
}

package dev.mxcp.host.cli;

import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.engine.TestRunner;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mxcp test [TYPE] [NAME]}: runs the YAML tests; a line per test, a summary, exit 1 on any failure. */
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
        List<TestRunner.Outcome> outcomes = runtime.runTests(kind, name,
                RunCommand.user(userContext), RunCommand.headers(requestHeaders));
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        if (cli.jsonOutput) {
            printResult(cli, outcomes);
            return failed == 0 ? 0 : 1;
        }
        for (TestRunner.Outcome outcome : outcomes) {
            cli.out.printf("%s %s / %s (%d ms)%n", outcome.passed() ? "PASS" : "FAIL", outcome.endpoint(),
                    outcome.test(), outcome.millis());
            outcome.failures().forEach(f -> cli.out.println("     " + f));
        }
        cli.out.println(outcomes.size() - failed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}

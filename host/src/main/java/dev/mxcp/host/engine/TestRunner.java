package dev.mxcp.host.engine;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.TestDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs endpoints' YAML {@code tests:} and checks their assertions, as {@code mxcp test} does. */
public final class TestRunner {

    /** One test's verdict: failures are one-line reasons, empty when it passed. */
    public record Outcome(String endpoint, String test, boolean passed, List<String> failures, long millis) {
    }

    private final ProjectRuntime runtime;

    TestRunner(ProjectRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * @param user when non-null, the caller of every test (the CLI's {@code -u}), overriding {@code user_context}
     */
    List<Outcome> run(EndpointDef.Kind kind, String name, UserContext user, Map<String, String> headers) {
        ServedEndpoints served = runtime.served();
        List<Endpoint> selected = (kind == null ? Arrays.stream(EndpointDef.Kind.values()) : Stream.of(kind))
                .flatMap(k -> served.enabled(k).stream())
                .filter(e -> name == null || e.key().equals(name))
                .toList();
        if (name != null && selected.isEmpty()) {
            throw new MxcpException("no enabled " + (kind == null ? "endpoint" : kind.yamlName()) + " named '" + name + "'");
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Endpoint endpoint : selected) {
            for (TestDef test : endpoint.definition().tests()) {
                outcomes.add(runOne(endpoint, test, user, headers));
            }
        }
        return outcomes;
    }

    private Outcome runOne(Endpoint endpoint, TestDef test, UserContext override, Map<String, String> headers) {
        long start = System.nanoTime();
        Map<String, Object> args = new LinkedHashMap<>();
        test.arguments().forEach(a -> args.put(a.key(), a.value()));
        UserContext user = override != null ? override
                : test.userContext() == null ? null : UserContext.fromProfile("test", null, test.userContext());
        List<String> failures;
        try {
            CallContext context = CallContext.of(new CallerContext(user, headers));
            Object result = runtime.call(ServedEndpoint.of(endpoint).call(args, context, true)).plain();
            failures = TestAssertions.check(test, result);
        } catch (MxcpException e) {
            failures = List.of("error: " + e.getMessage());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Outcome(endpoint.label(), test.name(), failures.isEmpty(), failures, millis);
    }
}

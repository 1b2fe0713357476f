package dev.mxcp.host.engine;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ConfigException;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.TestDef;
import dev.mxcp.host.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs endpoints' YAML {@code tests:} and checks their assertions, as {@code mxcp test} does. */
public final class TestRunner {

    /** A test's verdict: it passed, an assertion failed, or the call itself failed. */
    public enum Status { PASSED, FAILED, ERROR }

    /**
     * One test's verdict: failures are one-line reasons, empty when it passed.
     *
     * @param endpoint the endpoint's label ({@code tool 'name'})
     * @param nanos    how long the test took
     */
    public record Outcome(String endpoint, String test, String description, Status status, List<String> failures,
                          long nanos) {
        public boolean passed() {
            return status == Status.PASSED;
        }

        public long millis() {
            return nanos / 1_000_000;
        }
    }

    /**
     * One endpoint's tests, or a file that failed to load (endpoint null, loadError set, no outcomes).
     *
     * @param file the endpoint's (or failed file's) absolute path
     */
    public record Suite(Endpoint endpoint, Path file, ConfigException loadError, List<Outcome> outcomes) {
        /** ERROR if the file failed to load or a test errored, else FAILED if one failed, else PASSED. */
        public Status status() {
            if (loadError != null || outcomes.stream().anyMatch(o -> o.status() == Status.ERROR)) {
                return Status.ERROR;
            }
            return outcomes.stream().anyMatch(o -> o.status() == Status.FAILED) ? Status.FAILED : Status.PASSED;
        }
    }

    private final ProjectRuntime runtime;

    TestRunner(ProjectRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * @param user when non-null, the caller of every test (the CLI's {@code -u}), overriding {@code user_context}
     */
    List<Outcome> run(EndpointDef.Kind kind, String name, UserContext user, Map<String, String> headers) {
        return suites(kind, name, user, headers).stream().flatMap(s -> s.outcomes().stream()).toList();
    }

    /**
     * Each selected enabled endpoint's tests (endpoints without tests included, with none), and, when all are
     * selected (kind and name null), the files that failed to load.
     */
    List<Suite> suites(EndpointDef.Kind kind, String name, UserContext user, Map<String, String> headers) {
        ServedEndpoints served = runtime.served();
        List<Endpoint> selected = (kind == null ? Arrays.stream(EndpointDef.Kind.values()) : Stream.of(kind))
                .flatMap(k -> served.enabled(k).stream())
                .filter(e -> name == null || e.key().equals(name))
                .toList();
        if (name != null && selected.isEmpty()) {
            throw new MxcpException("Endpoint not found: " + (kind == null ? "endpoint" : kind.yamlName()) + "/" + name);
        }
        List<Suite> suites = new ArrayList<>();
        for (Endpoint endpoint : selected) {
            List<Outcome> outcomes = new ArrayList<>();
            for (TestDef test : endpoint.definition().tests()) {
                outcomes.add(runOne(endpoint, test, user, headers));
            }
            suites.add(new Suite(endpoint, endpoint.file().toAbsolutePath().normalize(), null, List.copyOf(outcomes)));
        }
        if (kind == null && name == null) {
            for (ConfigException error : served.loaded().errors()) {
                suites.add(new Suite(null, error.location().file().toAbsolutePath().normalize(), error, List.of()));
            }
        }
        return suites;
    }

    private Outcome runOne(Endpoint endpoint, TestDef test, UserContext override, Map<String, String> headers) {
        long start = System.nanoTime();
        Map<String, Object> args = new LinkedHashMap<>();
        test.arguments().forEach(a -> args.put(a.key(), a.value()));
        UserContext user = override != null ? override
                : test.userContext() == null ? null : UserContext.fromProfile("test", "test_user", test.userContext());
        List<String> failures;
        Status status;
        try {
            CallContext context = CallContext.of(new CallerContext(user, headers));
            CallResult called = runtime.call(ServedEndpoint.of(endpoint).call(args, context, true));
            Object result = called instanceof CallResult.Messages messages ? tested(messages.messages()) : called.plain();
            failures = TestAssertions.check(test, result);
            status = failures.isEmpty() ? Status.PASSED : Status.FAILED;
        } catch (MxcpException e) {
            failures = List.of(e.getMessage());
            status = Status.ERROR;
        }
        return new Outcome(endpoint.label(), test.name(), test.description(), status, failures, System.nanoTime() - start);
    }

    /**
     * What a prompt's test assertions see, as in MXCP's test runner ({@code normalize_result}): the text of the
     * last assistant message, trimmed, parsed as JSON when it looks like a JSON array or object (and parses);
     * all the messages when none is from the assistant.
     */
    static Object tested(List<Map<String, Object>> messages) {
        for (Map<String, Object> message : messages.reversed()) {
            if ("assistant".equals(message.get("role")) && message.get("prompt") instanceof String prompt) {
                String text = prompt.strip();
                if ((text.startsWith("[") && text.endsWith("]")) || (text.startsWith("{") && text.endsWith("}"))) {
                    try {
                        return Json.toJava(Json.parse(text));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                        return text;
                    }
                }
                return text;
            }
        }
        return messages;
    }
}

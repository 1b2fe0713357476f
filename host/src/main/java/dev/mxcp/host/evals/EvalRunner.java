package dev.mxcp.host.evals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.UserConfig;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.ToolDef;
import dev.mxcp.host.engine.CallResult;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.engine.ServedEndpoint;
import dev.mxcp.host.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs eval suites as MXCP's {@code mxcp evals} does: each test's prompt goes to the model with the project's
 * enabled tools; every tool call the model asks for runs on this runtime (input checks, policies with the
 * test's {@code user_context}, the tool itself), its result goes back, up to ten turns; then the assertions
 * are checked against the calls made and the final answer. Results come as MXCP's JSON shapes.
 */
public final class EvalRunner {

    /** MXCP's bound on model turns per test, so that a model that keeps calling tools ends. */
    private static final int MAX_TURNS = 10;

    private final ProjectRuntime runtime;
    private final UserContext cliUser;
    private final String overrideModel;

    /**
     * @param cliUser       the caller of every test when given ({@code --user-context}), over each test's own
     * @param overrideModel the model of every suite when given ({@code --model})
     */
    public EvalRunner(ProjectRuntime runtime, UserContext cliUser, String overrideModel) {
        this.runtime = runtime;
        this.cliUser = cliUser;
        this.overrideModel = overrideModel;
    }

    /** The suites under the site's {@code paths.evals}. */
    public List<EvalSuite.Found> discover() {
        return EvalSuite.discover(runtime.config().root().resolve(runtime.config().site().paths().evals()));
    }

    /** One suite's results: {@code {suite, description, model, tests: [...], all_passed}}. */
    public Map<String, Object> run(EvalSuite suite) {
        String model = overrideModel != null ? overrideModel : suite.model() != null ? suite.model()
                : models() == null ? null : models().defaultModel();
        if (model == null) {
            throw new MxcpException("No model specified. Set 'model' in eval suite '" + suite.suite()
                    + "' or configure a default model (models.default in the user configuration).");
        }
        List<ModelClient.Tool> tools = tools();
        ModelClient.of(model, models(), tools); // a model that is not configured fails the suite, not each test
        List<Map<String, Object>> tests = new ArrayList<>();
        for (EvalSuite.EvalTest test : suite.tests()) {
            tests.add(runTest(ModelClient.of(model, models(), tools), test));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("suite", suite.suite());
        result.put("description", suite.description());
        result.put("model", model);
        result.put("tests", tests);
        result.put("all_passed", tests.stream().allMatch(t -> Boolean.TRUE.equals(t.get("passed"))));
        return result;
    }

    /** Every suite: {@code {suites: [{suite, path, status: passed|failed|error, tests, error}]}}. */
    public Map<String, Object> runAll() {
        List<EvalSuite.Found> found = discover();
        Map<String, Object> result = new LinkedHashMap<>();
        if (found.isEmpty()) {
            result.put("suites", List.of());
            result.put("no_evals", true);
            return result;
        }
        Path root = runtime.config().root().toAbsolutePath().normalize();
        List<Map<String, Object>> suites = new ArrayList<>();
        for (EvalSuite.Found file : found) {
            Map<String, Object> entry = new LinkedHashMap<>();
            String path = root.relativize(file.file().toAbsolutePath().normalize()).toString();
            if (file.error() != null) {
                entry.put("suite", path);
                entry.put("path", path);
                entry.put("status", "error");
                entry.put("error", file.error().getMessage());
            } else {
                entry.put("suite", file.suite().suite());
                entry.put("path", path);
                try {
                    Map<String, Object> run = run(file.suite());
                    entry.put("status", Boolean.TRUE.equals(run.get("all_passed")) ? "passed" : "failed");
                    entry.put("tests", run.get("tests"));
                    entry.put("error", "");
                } catch (MxcpException e) {
                    entry.put("status", "error");
                    entry.put("tests", List.of());
                    entry.put("error", e.getMessage());
                }
            }
            suites.add(entry);
        }
        result.put("suites", suites);
        return result;
    }

    /** The suite called {@code name}, or a clear error naming it. */
    public EvalSuite find(String name) {
        for (EvalSuite.Found file : discover()) {
            if (file.suite() != null && file.suite().suite().equals(name)) {
                return file.suite();
            }
        }
        throw new MxcpException("Eval suite '" + name + "' not found");
    }

    private Map<String, Object> runTest(ModelClient model, EvalSuite.EvalTest test) {
        long start = System.nanoTime();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", test.name());
        result.put("description", test.description());
        UserContext user = cliUser != null ? cliUser
                : test.userContext() == null ? null : UserContext.fromProfile("test", "test_user", test.userContext());
        List<Map<String, Object>> calls = new ArrayList<>();
        try {
            String answer = converse(model, test.prompt(), user, calls);
            List<String> failures = check(test.assertions(), answer, calls);
            result.put("passed", failures.isEmpty());
            result.put("failures", failures);
            result.put("time", seconds(start));
            result.put("details", Map.of("response", answer, "tool_calls", calls));
        } catch (MxcpException e) {
            result.put("passed", false);
            result.put("error", e.getMessage());
            result.put("time", seconds(start));
        }
        return result;
    }

    /** The conversation: the model's final text, with each call made recorded in {@code calls}. */
    private String converse(ModelClient model, String prompt, UserContext user, List<Map<String, Object>> calls) {
        model.start(prompt);
        String text = "";
        for (int turn = 0; turn < MAX_TURNS; turn++) {
            ModelClient.Turn answer = model.next();
            text = answer.text();
            if (answer.calls().isEmpty()) {
                return text;
            }
            List<String> results = new ArrayList<>();
            List<Boolean> errors = new ArrayList<>();
            for (ModelClient.ToolCall call : answer.calls()) {
                Map<String, Object> made = new LinkedHashMap<>();
                made.put("tool", call.name());
                made.put("arguments", call.arguments());
                try {
                    Object value = callTool(call, user);
                    made.put("result", value);
                    results.add(Json.write(value));
                    errors.add(false);
                } catch (MxcpException e) {
                    made.put("error", e.getMessage());
                    results.add(e.getMessage());
                    errors.add(true);
                }
                calls.add(made);
            }
            model.results(answer.calls(), results, errors);
        }
        return text;
    }

    private Object callTool(ModelClient.ToolCall call, UserContext user) {
        ServedEndpoint tool = runtime.served().require(EndpointDef.Kind.TOOL, call.name());
        CallContext context = CallContext.of(new CallerContext(user, null));
        CallResult result = runtime.call(tool.call(call.arguments(), context, true));
        return result.plain();
    }

    /** MXCP's assertions and failure messages; answers are compared case-insensitively, as MXCP does. */
    static List<String> check(EvalSuite.Assertions assertions, String answer, List<Map<String, Object>> calls) {
        List<String> failures = new ArrayList<>();
        for (EvalSuite.MustCall expected : assertions.mustCall()) {
            boolean found = calls.stream().anyMatch(call -> expected.tool().equals(call.get("tool"))
                    && expected.args().entrySet().stream().allMatch(arg -> sameValue(
                            ((Map<?, ?>) call.get("arguments")).get(arg.getKey()), arg.getValue())));
            if (!found) {
                failures.add("Expected call to '" + expected.tool() + "' with args " + Json.write(expected.args()) + " not found");
            }
        }
        for (String forbidden : assertions.mustNotCall()) {
            if (calls.stream().anyMatch(call -> forbidden.equals(call.get("tool")))) {
                failures.add("Tool '" + forbidden + "' was called but should not have been");
            }
        }
        String lower = answer.toLowerCase(Locale.ROOT);
        for (String text : assertions.answerContains()) {
            if (!lower.contains(text.toLowerCase(Locale.ROOT))) {
                failures.add("Expected text '" + text + "' not found in response");
            }
        }
        for (String text : assertions.answerNotContains()) {
            if (lower.contains(text.toLowerCase(Locale.ROOT))) {
                failures.add("Forbidden text '" + text + "' found in response");
            }
        }
        return failures;
    }

    /** Values as JSON, so that 3 equals 3.0 (a model may send either). */
    private static boolean sameValue(Object actual, Object expected) {
        JsonNode a = Json.toTree(actual);
        JsonNode b = Json.toTree(expected);
        return a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) == 0 : a.equals(b);
    }

    /** The enabled tools, as the model sees them. */
    private List<ModelClient.Tool> tools() {
        List<ModelClient.Tool> tools = new ArrayList<>();
        for (Endpoint endpoint : runtime.served().enabled(EndpointDef.Kind.TOOL)) {
            ToolDef tool = (ToolDef) endpoint.definition();
            tools.add(new ModelClient.Tool(tool.name(), tool.description() == null ? "" : tool.description(),
                    tool.advertisedInputSchema()));
        }
        return tools;
    }

    private UserConfig.Models models() {
        return runtime.config().user().models();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}

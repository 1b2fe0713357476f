package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * completion/complete answered by guest completion hooks (Python's {@code @completion}, JavaScript's
 * {@code completion(...)}) over a real server: exact hooks, hooks for any endpoint, context arguments, a failing
 * and a runaway hook, the 100-value cap, and the parameter's enum when no hook matches.
 */
class CompletionHooksTest {

    private static final String PYTHON = """
            from mxcp.runtime import completion

            @completion(argument="customer_id", prompt="analyze_customer")
            def customer_ids(value, context):
                region = context.get("region", "any")
                return [f"{region}-{value}{i}" for i in range(1, 4)]

            @completion(argument="customer_id")
            async def any_customer(value, context):
                return ("c-" + value,)

            @completion(argument="broken", prompt="analyze_customer")
            def broken(value, context):
                raise ValueError("no suggestions today")
            """;

    private static final String JS = """
            import { completion, db } from "mxcp:runtime";

            completion({ argument: "customer_id", resource: "customers://{customer_id}/orders" }, async (value) =>
              db.execute(`SELECT CAST(i AS VARCHAR) AS id FROM range(1000) t(i)
                          WHERE CAST(i AS VARCHAR) LIKE $p || '%' ORDER BY i`, { p: value }).map((r) => r.id));

            completion({ argument: "sku" }, (value, context) => [`sku-${value}`, `for-${context.customer_id ?? "nobody"}`]);

            completion({ argument: "slow", prompt: "analyze_customer" }, () => { for (;;) {} });
            """;

    @TempDir
    static Path dir;
    static TestProject.Server server;
    static McpClient client;
    /** Held strongly: java.util.logging keeps loggers only weakly. */
    static final Logger GUEST_LOG = Logger.getLogger("dev.mxcp.host.polyglot.GuestRuntime");
    static final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() {
        GUEST_LOG.addHandler(CAPTURE);
        Path project = dir.resolve("project");
        Fixtures.write(project, "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                profiles:
                  dev:
                    duckdb:
                      path: ":memory:"
                javascript:
                  timeout_seconds: 2
                """);
        Fixtures.write(project, "prompts/analyze.yml", """
                mxcp: 1
                prompt:
                  name: analyze_customer
                  description: Analyzes a customer
                  parameters:
                    - {name: customer_id, type: string, description: The customer}
                    - {name: region, type: string, description: The region, enum: [north, south], default: north}
                    - {name: broken, type: string, description: Completed by a failing hook, default: x}
                    - {name: slow, type: string, description: Completed by a hook that never ends, default: x}
                    - {name: sku, type: string, description: Completed by a hook for any endpoint, default: x}
                  messages:
                    - {role: user, type: text, prompt: "Analyze {{ customer_id }}"}
                """);
        Fixtures.write(project, "prompts/followup.yml", """
                mxcp: 1
                prompt:
                  name: followup
                  description: Follows up with a customer
                  parameters:
                    - {name: customer_id, type: string, description: The customer}
                  messages:
                    - {role: user, type: text, prompt: "Follow up with {{ customer_id }}"}
                """);
        Fixtures.write(project, "resources/orders.yml", """
                mxcp: 1
                resource:
                  uri: customers://{customer_id}/orders
                  description: A customer's orders
                  parameters:
                    - {name: customer_id, type: string, description: The customer}
                  return: {type: string}
                  source:
                    code: SELECT $customer_id AS id
                """);
        Fixtures.write(project, "resources/product.yml", """
                mxcp: 1
                resource:
                  uri: products://{sku}
                  description: A product
                  parameters:
                    - {name: sku, type: string, description: The product, examples: [a-1, a-2]}
                  return: {type: string}
                  source:
                    code: SELECT $sku AS sku
                """);
        Fixtures.write(project, "python/hooks.py", PYTHON);
        Fixtures.write(project, "js/hooks.mjs", JS);
        server = TestProject.serve(project);
        client = server.client();
        client.initialize();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
        GUEST_LOG.removeHandler(CAPTURE);
    }

    @Test
    void aPythonHookOnAPromptGetsTheValueAndTheOtherArguments() {
        JsonNode completion = complete(prompt("analyze_customer"), "customer_id", "4", Map.of("region", "south"));
        assertThat(completion.get("values").toString()).isEqualTo("[\"south-41\",\"south-42\",\"south-43\"]");
        assertThat(completion.get("total").asInt()).isEqualTo(3);
        assertThat(completion.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void anAsyncJavaScriptHookOnATemplateQueriesTheDatabaseAndIsCappedAt100() {
        JsonNode narrow = complete(template("customers://{customer_id}/orders"), "customer_id", "71", Map.of());
        assertThat(narrow.get("values").toString()).isEqualTo("[\"71\",\"710\",\"711\",\"712\",\"713\",\"714\","
                + "\"715\",\"716\",\"717\",\"718\",\"719\"]");
        JsonNode wide = complete(template("customers://{customer_id}/orders"), "customer_id", "7", Map.of());
        assertThat(wide.get("values")).hasSize(100);
        assertThat(wide.get("total").asInt()).isEqualTo(111);
        assertThat(wide.get("hasMore").asBoolean()).isTrue();
    }

    @Test
    void aHookForAnyEndpointAnswersWhereNoExactHookIs() {
        assertThat(complete(prompt("followup"), "customer_id", "9", Map.of()).get("values").toString())
                .isEqualTo("[\"c-9\"]");
        assertThat(complete(template("products://{sku}"), "sku", "a", Map.of("customer_id", "5")).get("values").toString())
                .as("the hook wins over the declared examples").isEqualTo("[\"sku-a\",\"for-5\"]");
        assertThat(complete(prompt("analyze_customer"), "sku", "b", Map.of()).get("values").toString())
                .isEqualTo("[\"sku-b\",\"for-nobody\"]");
    }

    @Test
    void aFailingHookAnswersNoSuggestionsAndIsLoggedInOneLine() {
        JsonNode completion = complete(prompt("analyze_customer"), "broken", "", Map.of());
        assertThat(completion.get("values")).isEmpty();
        assertThat(completion.get("total").asInt()).isZero();
        assertThat(warnings).anySatisfy(w -> assertThat(w.getMessage())
                .isEqualTo("The completion hook of prompt 'analyze_customer', argument 'broken': ValueError: no suggestions today"));
    }

    @Test
    void aHookRunningPastTheTimeoutIsStoppedAndTheNextOneWorks() {
        JsonNode completion = complete(prompt("analyze_customer"), "slow", "", Map.of());
        assertThat(completion.get("values")).isEmpty();
        assertThat(warnings).anySatisfy(w -> assertThat(w.getMessage()).contains("argument 'slow' timed out")
                .contains("javascript.timeout_seconds"));
        assertThat(complete(template("customers://{customer_id}/orders"), "customer_id", "999", Map.of())
                .get("values").toString()).isEqualTo("[\"999\"]");
    }

    @Test
    void withoutAMatchingHookTheEnumAnswers() {
        assertThat(complete(prompt("analyze_customer"), "region", "n", Map.of()).get("values").toString())
                .isEqualTo("[\"north\"]");
    }

    @Test
    void theExampleProjectCompletesCustomerIdsAndNames() {
        Path example = Fixtures.copyExample("examples-python", dir.resolve("example"));
        try (TestProject.Server shop = TestProject.serve(example); McpClient other = shop.client()) {
            other.initialize();
            JsonNode ids = other.result("completion/complete", Map.of("ref", template("customers://{customer_id}/orders"),
                    "argument", Map.of("name", "customer_id", "value", ""))).get("completion");
            assertThat(ids.get("values").toString()).isEqualTo("[\"1\",\"2\",\"3\",\"4\",\"5\"]");
            JsonNode names = other.result("completion/complete", Map.of("ref", prompt("customer_email"),
                    "argument", Map.of("name", "name", "value", "a"))).get("completion");
            assertThat(names.get("values").toString()).isEqualTo("[\"Ada Lovelace\",\"Alan Turing\"]");
        }
    }

    private static Map<String, Object> prompt(String name) {
        return Map.of("type", "ref/prompt", "name", name);
    }

    private static Map<String, Object> template(String uri) {
        return Map.of("type", "ref/resource", "uri", uri);
    }

    private static JsonNode complete(Map<String, Object> ref, String argument, String value, Map<String, String> context) {
        return client.result("completion/complete", Map.of("ref", ref, "argument", Map.of("name", argument, "value", value),
                "context", Map.of("arguments", context))).get("completion");
    }
}

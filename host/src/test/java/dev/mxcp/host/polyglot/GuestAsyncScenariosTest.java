package dev.mxcp.host.polyglot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Waiting inside a call, run against the Python and the JavaScript runtime with equivalent endpoints: sleeps
 * and timers (asyncio in Python, setTimeout and friends in JS), retries with backoff, and requests to the MCP
 * client (sampling, elicitation) awaited in a tool.
 */
class GuestAsyncScenariosTest {

    static final String PYTHON = """
            import asyncio
            from mxcp.runtime import mcp, ClientRequestError

            async def paced(steps: int) -> list:
                seen = []
                for i in range(steps):
                    await asyncio.sleep(0.05)
                    seen.append(i)
                return seen

            async def cleared() -> list:
                fired = []
                loop = asyncio.get_running_loop()
                cancelled = loop.call_later(0.01, fired.append, "cancelled")
                loop.call_later(0.02, fired.append, "kept")
                cancelled.cancel()
                await asyncio.sleep(0.05)
                return fired

            async def retried(failures: int) -> dict:
                attempts, delay, waited = 0, 0.01, []
                while True:
                    attempts += 1
                    try:
                        if attempts <= failures:
                            raise ConnectionError("flaky")
                        return {"attempts": attempts, "waited_ms": waited}
                    except ConnectionError:
                        await asyncio.sleep(delay)
                        waited.append(round(delay * 1000))
                        delay *= 2

            async def sleep_forever() -> str:
                await asyncio.sleep(3600)
                return "woke up"

            async def ask(topic: str) -> dict:
                reply = await mcp.sample(topic, max_tokens=50)
                answer = await mcp.elicit("Your name?", {"type": "object",
                                          "properties": {"name": {"type": "string", "default": "Ada"}}})
                return {"reply": reply.text, "model": reply.model, "role": reply.role, "stop": reply.stop_reason,
                        "action": answer.action, "content": answer.content}

            async def ask_nobody() -> str:
                try:
                    await mcp.sample("hello")
                    return "answered"
                except ClientRequestError as e:
                    return type(e).__name__ + ": " + str(e)
            """;

    static final String JS = """
            import { mcp, ClientRequestError } from "mxcp:runtime";

            const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

            export async function paced({ steps }) {
              const seen = [];
              for (let i = 0; i < steps; i++) {
                await sleep(50);
                seen.push(i);
              }
              return seen;
            }

            export async function cleared() {
              const fired = [];
              const cancelled = setTimeout(() => fired.push("cancelled"), 10);
              setTimeout(() => fired.push("kept"), 20);
              clearTimeout(cancelled);
              await sleep(50);
              return fired;
            }

            export async function retried({ failures }) {
              let attempts = 0, delay = 10;
              const waited = [];
              for (;;) {
                attempts++;
                try {
                  if (attempts <= failures) throw new Error("flaky");
                  return { attempts, waited_ms: waited };
                } catch (e) {
                  await sleep(delay);
                  waited.push(delay);
                  delay *= 2;
                }
              }
            }

            export async function sleep_forever() {
              await new Promise(() => setInterval(() => {}, 1000));
              return "woke up";
            }

            export async function ask({ topic }) {
              const reply = await mcp.sample(topic, { maxTokens: 50 });
              const answer = await mcp.elicit("Your name?", { type: "object",
                properties: { name: { type: "string", default: "Ada" } } });
              return { reply: reply.text, model: reply.model, role: reply.role, stop: reply.stopReason,
                       action: answer.action, content: answer.content };
            }

            export async function ask_nobody() {
              try {
                await mcp.sample("hello");
                return "answered";
              } catch (e) {
                if (e instanceof ClientRequestError) return `${e.name}: ${e.message}`;
                throw e;
              }
            }
            """;

    static final String[][] TOOLS = {
        {"paced", "- {name: steps, type: integer}", ""}, {"cleared", "", ""},
        {"retried", "- {name: failures, type: integer}", ""}, {"sleep_forever", "", ""},
        {"ask", "- {name: topic, type: string}", ""}, {"ask_nobody", "", "type: string"}};

    @TempDir
    static Path dir;
    static final Map<String, PythonProject> PROJECTS = new LinkedHashMap<>();

    @BeforeAll
    static void open() {
        var scenario = new PythonProject.Scenario(PYTHON, JS, TOOLS);
        for (String language : List.of("python", "javascript")) {
            PROJECTS.put(language, scenario.open(dir.resolve(language), language,
                    language + ":\n  workers: 2\n  timeout_seconds: 3\n"));
        }
    }

    @AfterAll
    static void close() {
        PROJECTS.values().forEach(PythonProject::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void awaitedSleepsResumeInOrder(String language) {
        PythonProject project = PROJECTS.get(language);
        assertThat(project.call("paced", Map.of("steps", 3))).isEqualTo(List.of(0L, 1L, 2L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void aCancelledTimerNeverFires(String language) {
        assertThat(PROJECTS.get(language).call("cleared", Map.of())).isEqualTo(List.of("kept"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void retriesBackOff(String language) {
        assertThat(PROJECTS.get(language).call("retried", Map.of("failures", 3)))
                .isEqualTo(Map.of("attempts", 4L, "waited_ms", List.of(10L, 20L, 40L)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void aCallSleepingForeverIsStoppedByTheTimeout(String language) {
        PythonProject project = PROJECTS.get(language);
        assertThatThrownBy(() -> project.call("sleep_forever", Map.of())).isInstanceOf(MxcpException.class).hasMessage(
                "tool 'sleep_forever' timed out: stopped after 3 s (the limit is " + language
                        + ".timeout_seconds in mxcp-site.yml)");
        assertThat(project.call("paced", Map.of("steps", 1))).isEqualTo(List.of(0L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void samplingAndElicitationAreAwaitedInATool(String language) {
        var channel = new PythonProject.RecordingChannel();
        Object result = PROJECTS.get(language).call("ask", Map.of("topic", "abc"), new CallContext(CallerContext.NONE, channel));
        assertThat(result).isEqualTo(Map.of("reply", "cba", "model", "test-model", "role", "assistant", "stop", "endTurn",
                "action", "accept", "content", Map.of("name", "Ada")));
        assertThat(channel.events).containsExactly("sample abc max 50", "elicit Your name?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "javascript"})
    void samplingWithoutAClientIsACatchableError(String language) {
        assertThat(PROJECTS.get(language).call("ask_nobody", Map.of()))
                .isEqualTo("ClientRequestError: sampling needs an MCP client that supports it; none is connected");
    }
}

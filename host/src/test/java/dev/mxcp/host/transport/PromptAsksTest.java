package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt's {@code asks}: questions put to the user before its messages are rendered. On the 2026-07-28 wire
 * they are input requests (MRTR): the first prompts/get answers input_required, the retry with the answer renders.
 */
class PromptAsksTest {

    @TempDir
    static Path dir;

    static TestProject.Server server;
    static McpClient client;

    @BeforeAll
    static void start() {
        Path project = TestProject.write(dir.resolve("project"));
        Fixtures.write(project, "prompts/briefing.yml", """
                mxcp: 1
                prompt:
                  name: briefing
                  description: A briefing for the audience the user names
                  parameters:
                    - {name: topic, type: string, description: The topic}
                  asks:
                    - key: audience
                      message: Who is the briefing for?
                      schema: {type: object, properties: {who: {type: string}}, required: [who]}
                  messages:
                    - prompt: "Brief {{ audience.who }} on {{ topic }}."
                """);
        server = TestProject.serve(project);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static JsonNode exchange(Map<String, Object> extra) {
        Map<String, Object> params = new LinkedHashMap<>(extra);
        params.put("name", "briefing");
        params.put("arguments", Map.of("topic", "tides"));
        return ModernWireTest.only(ModernWireTest.modern(client, 1, "prompts/get", params,
                Map.of("elicitation", Map.of()), Map.of()));
    }

    private static JsonNode get(Map<String, Object> extra) {
        JsonNode message = exchange(extra);
        assertThat(message.has("result")).as(message.toString()).isTrue();
        return message.get("result");
    }

    @Test
    void thePromptAsksFirstAndRendersWithTheAnswer() {
        JsonNode first = get(Map.of());
        assertThat(first.get("resultType").asText()).isEqualTo("input_required");
        assertThat(first.at("/inputRequests/audience/method").asText()).isEqualTo("elicitation/create");
        assertThat(first.at("/inputRequests/audience/params/message").asText()).isEqualTo("Who is the briefing for?");
        JsonNode done = get(Map.of("requestState", first.get("requestState").asText(), "inputResponses",
                Map.of("audience", Map.of("action", "accept", "content", Map.of("who", "the harbour master")))));
        assertThat(done.get("resultType").asText()).isEqualTo("complete");
        assertThat(done.at("/messages/0/content/text").asText()).isEqualTo("Brief the harbour master on tides.");
    }

    @Test
    void aDeclinedQuestionFailsThePromptSayingWhich() {
        JsonNode first = get(Map.of());
        JsonNode message = exchange(Map.of("requestState", first.get("requestState").asText(),
                "inputResponses", Map.of("audience", Map.of("action", "decline"))));
        assertThat(message.at("/error/message").asText()).contains("did not answer 'audience' (decline)");
    }
}

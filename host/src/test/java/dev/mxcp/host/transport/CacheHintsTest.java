package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 2026-07-28 caching hints: lists and reads carry ttlMs and cacheScope; a resource's {@code cache} sets its reads'. */
class CacheHintsTest {

    @TempDir
    static Path dir;

    static TestProject.Server server;
    static McpClient client;

    @BeforeAll
    static void start() {
        Path project = TestProject.write(dir.resolve("project"));
        Fixtures.write(project, "resources/rates.yml", """
                mxcp: 1
                resource:
                  uri: data://rates
                  description: Exchange rates, refreshed hourly
                  mime_type: application/json
                  cache: {ttl_ms: 30000, scope: public}
                  source:
                    code: SELECT 1.08 AS eur_usd
                """);
        server = TestProject.serve(project);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static JsonNode result(String method, Map<String, Object> params) {
        JsonNode message = ModernWireTest.only(ModernWireTest.modern(client, 1, method, params, Map.of(), Map.of()));
        assertThat(message.has("result")).as(message.toString()).isTrue();
        return message.get("result");
    }

    @Test
    void aResourceSaysHowLongItsReadsStayFresh() {
        JsonNode rates = result("resources/read", Map.of("uri", "data://rates"));
        assertThat(rates.get("ttlMs").asLong()).isEqualTo(30_000);
        assertThat(rates.get("cacheScope").asText()).isEqualTo("public");
        JsonNode note = result("resources/read", Map.of("uri", "note://text"));
        assertThat(note.get("ttlMs").asLong()).isZero();
        assertThat(note.get("cacheScope").asText()).isEqualTo("public");
        JsonNode list = result("resources/list", Map.of());
        assertThat(list.get("ttlMs").asLong()).isEqualTo(60_000);
    }

    @Test
    void aReadThatCarriesRoundAnswersIsNeverShared() {
        JsonNode rates = result("resources/read", Map.of("uri", "data://rates", "inputResponses", Map.of()));
        assertThat(rates.get("ttlMs").asLong()).isZero();
        assertThat(rates.get("cacheScope").asText()).isEqualTo("private");
    }
}

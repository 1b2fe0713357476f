package dev.mxcp.host.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.guest.Content;
import dev.mxcp.guest.ToolResult;
import dev.mxcp.host.endpoint.Source;
import dev.mxcp.host.endpoint.ToolDef;
import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.host.engine.CallResult;
import dev.mxcp.host.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How what an endpoint returns becomes a CallToolResult: plain data, rich content, full tool results. */
class ToolResultsTest {

    private static ToolDef tool(TypeSpec returns) {
        return new ToolDef("t", "d", null, null, null, null, returns, null, new Source("SELECT 1", null, null),
                null, null, null, null, null);
    }

    private static String json(Object value) {
        return Json.write(value);
    }

    @Test
    void richContentIsSentAsItIs() {
        List<Content> blocks = List.of(Content.text("see:"), Content.image("AAAA", "image/png"),
                Content.embedded(new Content.TextResource("test://r", "application/json", "{}")),
                Content.link("test://l", "l", null), Content.audio("UklG", "audio/wav"));
        CallResult result = new CallResult.Rich(new ToolResult(blocks, null, false), blocks);
        assertThat(json(ToolsHandler.result(tool(null), result))).isEqualTo("{\"content\":["
                + "{\"type\":\"text\",\"text\":\"see:\"},"
                + "{\"type\":\"image\",\"data\":\"AAAA\",\"mimeType\":\"image/png\"},"
                + "{\"type\":\"resource\",\"resource\":{\"uri\":\"test://r\",\"mimeType\":\"application/json\",\"text\":\"{}\"}},"
                + "{\"type\":\"resource_link\",\"uri\":\"test://l\",\"name\":\"l\"},"
                + "{\"type\":\"audio\",\"data\":\"UklG\",\"mimeType\":\"audio/wav\"}]}");
    }

    @Test
    void aFullToolResultKeepsItsErrorFlagAndGetsATextMirrorOfItsStructuredData() {
        ToolResult failed = new ToolResult(List.of(), Map.of("reason", "quota"), true);
        assertThat(json(ToolsHandler.result(tool(null), new CallResult.Rich(failed, failed)))).isEqualTo("{\"content\":[{\"type\":\"text\","
                + "\"text\":\"{\\\"reason\\\":\\\"quota\\\"}\"}],\"structuredContent\":{\"reason\":\"quota\"},\"isError\":true}");
    }

    @Test
    void plainDataWithoutAReturnTypeIsTextOnly() {
        assertThat(json(ToolsHandler.result(tool(null), new CallResult.Value(List.of(Map.of("a", 1))))))
                .isEqualTo("{\"content\":[{\"type\":\"text\",\"text\":\"[{\\\"a\\\":1}]\"}]}");
    }
}

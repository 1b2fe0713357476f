package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2026-07-28 over HTTP: a client cancels a request by closing its response stream. The server notices at its
 * next heartbeat (an SSE comment on a request running longer than {@link PostStream#HEARTBEAT}) and cancels
 * the call, whose SQL statement stops.
 */
class ModernCancellationTest {

    @TempDir
    Path dir;

    @Test
    void closingTheResponseStreamCancelsTheCall() throws Exception {
        try (TestProject.Server server = TestProject.serve(TestProject.write(dir.resolve("project")))) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("_meta", ModernWireTest.meta(ModernWireTest.MODERN, Map.of()));
            params.put("name", "slow");
            params.put("arguments", Map.of("rows", 50_000_000_000L)); // minutes of scanning unless cancelled
            byte[] body = ModernWireTest.body(1, "tools/call", params).getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", server.web().port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\n"
                        + "Mcp-Method: tools/call\r\nMcp-Name: slow\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                socket.setSoTimeout(1000);
                InputStream in = socket.getInputStream();
                try {
                    fail("the server answered while the statement should still run: " + in.read());
                } catch (SocketTimeoutException expected) {
                    // still running after a second: now the client goes away
                }
            }
            // without the heartbeat the statement would run on for minutes and the drain would time out
            assertThat(server.mxcp().drain(PostStream.HEARTBEAT.multipliedBy(6))).isTrue();
        }
    }
}

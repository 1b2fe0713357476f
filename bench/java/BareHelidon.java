import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The HTTP ceiling: a bare Helidon SE route on POST /mcp that reads the request body and answers with fixed
 * bytes (the SQL tool's JSON-RPC response, captured by bench/run.sh), with the host's Helidon defaults.
 * Usage: java -cp <dist>/lib/* BareHelidon.java PORT RESPONSE_FILE. Runs until killed.
 */
public class BareHelidon {
    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .routing(r -> r.post("/mcp", (req, res) -> {
                    req.content().as(byte[].class); // read the request as the MCP transport does
                    res.header(HeaderNames.CONTENT_TYPE, "application/json").send(body);
                }))
                .build()
                .start();
        System.out.println("BARE_HELIDON port=" + server.port());
    }
}

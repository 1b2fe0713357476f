// The DuckDB peer for bench/run.sh: the same SQL lookup as bench/project's lookup_sql tool, served by an MCP
// server written with the official TypeScript SDK (stateful Streamable HTTP, as server-everything) over DuckDB's
// Node binding (@duckdb/node-api), on the same data (bench/project/sql/setup.sql, in memory).
// Usage: PORT=8123 node server.mjs SETUP_SQL   (serves http://127.0.0.1:$PORT/mcp; prints PEER_DUCKDB when ready)
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { availableParallelism } from "node:os";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { DuckDBInstance } from "@duckdb/node-api";
import { z } from "zod";

const port = Number(process.env.PORT ?? 8123);
const setup = readFileSync(process.argv[2], "utf8");

const instance = await DuckDBInstance.create(":memory:");
const setupConnection = await instance.connect();
await setupConnection.run(setup);
// One prepared statement per connection, used round-robin: DuckDB runs each on libuv's thread pool.
const lookups = [];
for (let i = 0; i < Math.max(2, availableParallelism()); i++) {
    const connection = await instance.connect();
    lookups.push(await connection.prepare("SELECT id, name, CAST(price AS DOUBLE) AS price FROM items WHERE id = $1"));
}
let next = 0;

async function lookup(id) {
    const statement = lookups[next++ % lookups.length];
    statement.bindBigInt(1, BigInt(id));
    const reader = await statement.runAndReadAll();
    const [row] = reader.getRowObjectsJson();
    return { id: Number(row.id), name: row.name, price: Number(row.price) };
}

function newServer() {
    const server = new McpServer({ name: "duckdb-peer", version: "1.0.0" });
    server.registerTool("lookup_sql", {
        description: "One item by id (SQL).",
        inputSchema: { id: z.number().int().describe("Item id") },
        outputSchema: { id: z.number().int(), name: z.string(), price: z.number() },
    }, async ({ id }) => {
        const item = await lookup(id);
        return { content: [{ type: "text", text: JSON.stringify(item) }], structuredContent: item };
    });
    return server;
}

const transports = new Map();

async function body(req) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
}

http.createServer(async (req, res) => {
    try {
        const session = req.headers["mcp-session-id"];
        const message = req.method === "POST" ? await body(req) : undefined;
        let transport = session ? transports.get(session) : undefined;
        if (!transport && req.method === "POST" && isInitializeRequest(message)) {
            transport = new StreamableHTTPServerTransport({
                sessionIdGenerator: () => randomUUID(),
                onsessioninitialized: (id) => transports.set(id, transport),
            });
            transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
            await newServer().connect(transport);
        }
        if (!transport) {
            res.writeHead(400).end("no session");
            return;
        }
        await transport.handleRequest(req, res, message);
    } catch (e) {
        if (!res.headersSent) res.writeHead(500).end(String(e));
    }
}).listen(port, "127.0.0.1", () => console.log(`PEER_DUCKDB http://127.0.0.1:${port}/mcp`));

#!/usr/bin/env node
// client-v2-check.mjs — the official TypeScript SDK v2 client (@modelcontextprotocol/client, the 2026-07-28
// revision) against the conformance fixtures: it connects pinned to 2026-07-28 (server/discover, no initialize),
// lists the tools, calls a plain one, and calls the fixtures that ask the client for input (a form, two forms in
// two rounds, the model, the roots); the client answers them through its request handlers and retries with the
// answers (multi round-trip requests), which is what this script checks came back.
//
//   node client-v2-check.mjs --url http://127.0.0.1:8080/mcp
//   node client-v2-check.mjs --stdio 'mxcp serve --transport stdio --project DIR'
//
// Exit codes: 0 ok | 1 usage | 2 a check failed (what failed is printed).
import { parseArgs } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const { values: opts } = parseArgs({
  options: { url: { type: 'string' }, stdio: { type: 'string' }, timeout: { type: 'string', default: '120000' } },
});
if (!opts.url === !opts.stdio) {
  console.error('usage: node client-v2-check.mjs --url URL | --stdio CMD LINE');
  process.exit(1);
}
const timeout = Number(opts.timeout);
setTimeout(() => {
  console.error(`client-v2-check: gave up after ${4 * timeout} ms (${steps.join(', ')})`);
  process.exit(2);
}, 4 * timeout).unref();
// what took how long, for the log: a first Python call on a cold server compiles its worker
const steps = [];
const started = Date.now();
const done = (what) => steps.push(`${what} ${Date.now() - started} ms`);

const client = new Client({ name: 'mxcp-client-v2-check', version: '1.0.0' }, {
  capabilities: { elicitation: {}, sampling: {}, roots: {} },
  versionNegotiation: { mode: { pin: '2026-07-28' } },
});
const asked = [];
client.setRequestHandler('elicitation/create', async (request) => {
  asked.push(request.params.message);
  const fields = Object.keys(request.params.requestedSchema?.properties ?? {});
  const content = {};
  for (const field of fields) content[field] = { name: 'Ada', color: 'teal', ok: true }[field] ?? 'x';
  return { action: 'accept', content };
});
client.setRequestHandler('sampling/createMessage', async () => ({
  role: 'assistant', content: { type: 'text', text: 'Paris' }, model: 'client-v2-check', stopReason: 'endTurn',
}));
client.setRequestHandler('roots/list', async () => ({ roots: [{ uri: 'file:///srv/data', name: 'data' }] }));

const transport = opts.url
  ? new StreamableHTTPClientTransport(new URL(opts.url))
  : new StdioClientTransport({ command: '/bin/sh', args: ['-c', `exec ${opts.stdio}`], stderr: 'ignore' });

const failures = [];
function expect(what, actual, expected) {
  if (!String(actual).includes(expected)) failures.push(`${what}: expected "${expected}", got ${JSON.stringify(actual)}`);
}
const text = (result) => result.content?.map((c) => c.text ?? '').join('') ?? '';

try {
  await client.connect(transport, { timeout });
  done('connected');
  expect('negotiated version', client.getNegotiatedProtocolVersion(), '2026-07-28');
  const { tools } = await client.listTools(undefined, { timeout });
  const names = tools.map((t) => t.name);
  for (const name of ['test_simple_text', 'test_input_required_result_elicitation', 'test_input_required_result_multi_round']) {
    if (!names.includes(name)) failures.push(`tools/list has no ${name}`);
  }
  expect('test_simple_text', text(await client.callTool({ name: 'test_simple_text', arguments: {} }, { timeout })),
    'simple text response');
  expect('elicitation (one round)', text(await client.callTool(
    { name: 'test_input_required_result_elicitation', arguments: {} }, { timeout })), 'Hello, Ada!');
  done('elicited');
  expect('elicitation (two rounds)', text(await client.callTool(
    { name: 'test_input_required_result_multi_round', arguments: {} }, { timeout })), 'Ada likes teal');
  expect('forms shown', asked.join(' | '), 'What is your name? | Step 1: What is your name? | Step 2: What is your favorite color?');
  expect('sampling', text(await client.callTool(
    { name: 'test_input_required_result_sampling', arguments: {} }, { timeout })), 'LLM response: Paris');
  expect('roots', text(await client.callTool(
    { name: 'test_input_required_result_list_roots', arguments: {} }, { timeout })), 'data (file:///srv/data)');
  done('all called');
} catch (e) {
  failures.push(`${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}${e?.code !== undefined ? ` (code ${e.code})` : ''}`);
} finally {
  await client.close().catch(() => {});
}
if (failures.length) {
  for (const failure of failures) console.error(`client-v2-check: ${failure}`);
  console.error(`client-v2-check: ${steps.join(', ')}`);
  process.exit(2);
}
console.log(`client-v2-check: ok (${opts.url ? 'http' : 'stdio'}, 2026-07-28; ${steps.join(', ')})`);
process.exit(0);

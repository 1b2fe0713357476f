#!/usr/bin/env node
// oauth-check.mjs — the official TypeScript SDK client logging in through mxcp's issuer mode: it is refused,
// discovers the authorization server from the 401, registers, authorizes with PKCE (the user agent here follows
// the redirects through the server and the provider, submitting mock-oauth2-server's login form as alice),
// exchanges the code, reconnects with the token and calls a tool, printing what it got as JSON.
//   node oauth-check.mjs URL TOOL EXPECTED_TEXT      exit 0 ok | 4 the tool's text lacks EXPECTED_TEXT
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const [url, tool, expected] = process.argv.slice(2);
const redirectUrl = 'http://127.0.0.1:9/callback';
const state = {};
const provider = {
  get redirectUrl() { return redirectUrl; },
  get clientMetadata() {
    return { client_name: 'oauth-check', redirect_uris: [redirectUrl], grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'], token_endpoint_auth_method: 'none' };
  },
  clientInformation() { return state.client; },
  saveClientInformation(client) { state.client = client; },
  tokens() { return state.tokens; },
  saveTokens(tokens) { state.tokens = tokens; },
  saveCodeVerifier(verifier) { state.verifier = verifier; },
  codeVerifier() { return state.verifier; },
  async redirectToAuthorization(authorizationUrl) {
    let location = authorizationUrl.toString();
    for (let hops = 0; !location.startsWith(redirectUrl); hops++) {
      if (hops > 5) throw new Error(`too many redirects, at ${location}`);
      let response = await fetch(location, { redirect: 'manual' });
      if (response.status === 200 && (await response.text()).includes('name="username"')) { // the provider's login form
        response = await fetch(location, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ username: 'alice' }) });
      }
      if (!response.headers.get('location')) throw new Error(`${response.status} at ${location}`);
      location = new URL(response.headers.get('location'), location).toString();
    }
    state.code = new URL(location).searchParams.get('code');
  },
};
const connect = async () => {
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  const client = new Client({ name: 'oauth-check', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
};
let connection;
try {
  connection = await connect();
  throw new Error('connected without logging in');
} catch (e) {
  if (!(e instanceof UnauthorizedError)) throw e;
}
const first = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
await first.finishAuth(state.code);
connection = await connect();
const result = await connection.client.callTool({ name: tool, arguments: {} });
const text = result.content.map((c) => c.text ?? '').join('');
console.log(JSON.stringify({ registered: state.client.client_id !== undefined, scope: state.tokens.scope, text }));
await connection.client.close();
if (!text.includes(expected)) { console.error(`expected ${expected} in ${text}`); process.exit(4); }

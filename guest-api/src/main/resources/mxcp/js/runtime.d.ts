// Type declarations for "mxcp:runtime", the module MXCP JavaScript endpoints import on this host.
//
// Calling convention: a tool's (or resource's) source file is an ES module; the host calls the function
// exported under the tool's name with ONE object holding the converted arguments, e.g.
//     export function user_lookup({ user_id }) { ... }
// It may be async or return a Promise: the host awaits it on the worker's own thread. A resource calls the
// export "main", else the one named like the file, else the default export, else the first exported function.
//
// Values in (arguments, query rows, secrets, configuration): strings, numbers, booleans, null, arrays and
// plain objects as themselves; DATE, TIMESTAMP, TIMESTAMPTZ and TIME as ISO 8601 strings ("2024-01-31",
// "2024-01-31T10:00:00.123456", "2024-01-31T10:00Z") — exact, with no time-zone shift; DECIMAL as a number
// (as DuckDB's own Node client gives it; cast to VARCHAR in SQL for an exact string); integers beyond 64 bits
// (HUGEINT) as BigInt; BLOB as Uint8Array.
// Values out: the same, plus Date (an instant, UTC), BigInt, Map (an object) and Set (an array); functions
// and undefined members are dropped. A Uint8Array (or Buffer, or ArrayBuffer) is binary data, as Python's bytes
// (base64 in JSON; a resource's blob); other typed arrays become arrays of numbers.
//
// Packages (npm install into the project's node_modules): ES module packages import as usual; CommonJS ones
// load with the global require("pkg") or import as their default export (import pkg from "pkg"; named imports
// from CommonJS are not available). Node's core modules (fs, child_process...) and files outside the project
// are refused. Timers (setTimeout, setInterval, queueMicrotask) are declared at the end of this file.

declare module "mxcp:runtime" {
  /** One row of a query result. */
  export type Row = Record<string, unknown>;

  export class DatabaseError extends Error {}
  export class ClientRequestError extends Error {}

  export const db: {
    /** Runs SQL with $name parameters; returns the rows (DML: [{ Count: n }]). Throws DatabaseError. */
    execute(sql: string, params?: Record<string, unknown> | null): Row[];
  };

  export const config: {
    /** The parameters of a secret, or null; with key, that one parameter (or null). */
    getSecret(name: string): Record<string, unknown> | null;
    getSecret(name: string, key: string): unknown;
    /** A value of mxcp-site.yml by dotted key ("dbt.enabled"), or defaultValue (null). */
    getSetting<T = unknown>(key: string, defaultValue?: T): unknown;
    readonly siteConfig: Record<string, unknown>;
    readonly userConfig: Record<string, unknown>;
  };

  /** Same as config.getSecret. */
  export function getSecret(name: string, key?: string): unknown;

  /** MXCP plugins are Python classes: JavaScript sees none (list() is [], get() is null). */
  export const plugins: { list(): string[]; get(name: string): null };

  /** MCP content a tool returns instead of data, alone or in an array. */
  export interface Content { readonly type: string }

  export const mcp: {
    debug(message: unknown): Promise<void>;
    info(message: unknown): Promise<void>;
    warning(message: unknown): Promise<void>;
    error(message: unknown): Promise<void>;
    progress(progress: number, total?: number | null, message?: string | null): Promise<void>;
    /**
     * Asks the client's model (MCP sampling); rejects with ClientRequestError. A 2026-07-28 client answers on a
     * retry of the call (the call runs again and gets the answer here); key names the request (default: by order).
     */
    sample(prompt: string, options?: { maxTokens?: number; systemPrompt?: string; temperature?: number; key?: string }):
      Promise<{ role: string; text: string | null; model: string | null; stopReason: string | null }>;
    /** Asks the user to fill in a form (MCP elicitation); rejects with ClientRequestError. */
    elicit(message: string, schema: Record<string, unknown>, options?: { key?: string }):
      Promise<{ action: "accept" | "decline" | "cancel"; content: Record<string, unknown> | null }>;
    /** Asks the client for its roots (MCP roots/list); rejects with ClientRequestError. */
    listRoots(options?: { key?: string }): Promise<{ uri: string; name: string | null }[]>;
    text(text: string): Content;
    /** data: base64 text or bytes. */
    image(data: string | Uint8Array, mimeType: string): Content;
    audio(data: string | Uint8Array, mimeType: string): Content;
    embeddedResource(uri: string, options?: { text?: string; mimeType?: string; blob?: string | Uint8Array }): Content;
    resourceLink(uri: string, name: string, options?: { mimeType?: string; description?: string }): Content;
  };

  /** The caller of the current call; every field is null when there is none. */
  export const user: {
    readonly authenticated: boolean;
    readonly userId: string | null;
    readonly username: string | null;
    readonly name: string | null;
    readonly email: string | null;
    readonly provider: string | null;
    readonly avatarUrl: string | null;
    readonly externalToken: string | null;
    readonly rawProfile: Record<string, unknown>;
  };

  /** A span of the call's trace, open while fn runs (until its promise settles when it returns one). */
  export interface Span {
    /** Strings, numbers and booleans as they are; other values as their text; null/undefined skipped. */
    setAttribute(key: string, value: unknown): void;
  }

  /**
   * Spans of your own in the call's trace, under mxcp.javascript.execute; nothing is recorded when the call is
   * not traced. An error thrown by fn (or its promise's rejection) marks the span failed with the error's name.
   * Put names and counts in them, never secrets:
   * `telemetry.span("fetch_rates", { source: "ecb" }, (span) => { ...; span.setAttribute("rates.count", n); })`
   */
  export const telemetry: {
    span<T>(name: string, attributes: Record<string, unknown>, fn: (span: Span) => T): T;
    span<T>(name: string, fn: (span: Span) => T): T;
  };

  /** The HTTP request of the current call (no headers outside HTTP); names in lower case. */
  export const request: {
    /** null when the call has no headers (stdio, mxcp run without --request-headers). */
    readonly headers: Record<string, string> | null;
    header(name: string, defaultValue?: string | null): string | null;
  };

  /** Runs fn when a worker starts and after a reload; a failing hook is logged, the next still runs. */
  export function onInit<F extends () => unknown>(fn: F): F;
  /** Runs fn when a worker stops and before a reload. */
  export function onShutdown<F extends () => unknown>(fn: F): F;
  /**
   * Registers fn as the completion hook of an argument (MCP completion/complete): for the prompt named
   * `prompt`, for the resource template whose URI template is `resource`, or, with neither, for any prompt or
   * template that has that argument. fn gets what was typed so far and the other arguments already chosen and
   * returns the suggestions (or a promise of them); at most 100 are sent, with the total. A hook for the exact
   * prompt or template wins over one for any; with no hook, the parameter's enum, else its examples, are
   * offered. A hook that throws (or runs past javascript.timeout_seconds) answers no suggestions and is logged
   * as a warning. Register hooks in modules under js/: they load when a worker starts, which is when the host
   * learns the hooks. Returns fn.
   *
   *     completion({ argument: "customer_id", prompt: "analyze_customer" }, (value, context) =>
   *       db.execute("SELECT CAST(id AS VARCHAR) AS id FROM customers WHERE CAST(id AS VARCHAR) LIKE $p || '%'",
   *                  { p: value }).map((r) => r.id));
   */
  export function completion<F extends (value: string, context: Record<string, string>) => string[] | Promise<string[]>>(
    target: { argument: string; prompt?: string; resource?: string }, fn: F): F;
  /** Schedules a DuckDB reload (payload runs with the database closed) and returns at once. */
  export function reloadDuckdb(payload?: (() => unknown) | null, description?: string): void;
}

// Globals this host adds to every JavaScript worker (GraalJS outside Node has none of them). With @types/node
// installed too, drop these declarations.

/**
 * What setTimeout and setInterval return (Node's methods; its number is the id). A timer belongs to the call,
 * hook or reload payload that set it: the host waits for it while that is in progress (the call's timeout still
 * applies), and drops it when that settles. What a timer callback throws fails the call. As in Node, a delay
 * outside 1 .. 2^31-1 ms is 1 ms, and an unref'd timer alone is not waited for.
 */
interface MxcpTimeout {
  ref(): this;
  unref(): this;
  hasRef(): boolean;
  refresh(): this;
  [Symbol.toPrimitive](): number;
}
declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): MxcpTimeout;
declare function setInterval(callback: (...args: any[]) => void, ms?: number, ...args: any[]): MxcpTimeout;
declare function clearTimeout(timeout: MxcpTimeout | number | null | undefined): void;
declare function clearInterval(timeout: MxcpTimeout | number | null | undefined): void;
declare function queueMicrotask(callback: () => void): void;

/**
 * Loads a CommonJS module once per worker: a package from node_modules ("pkg", "pkg/sub", "@scope/pkg"), or a
 * file by a path relative to the calling module ("./lib/legacy.cjs"); also "mxcp:runtime". Throws an Error with
 * code MODULE_NOT_FOUND (also for Node's core modules), ERR_ACCESS_DENIED (outside the project) or
 * ERR_REQUIRE_ESM (an ES module: import it).
 */
declare function require(id: string): any;
declare namespace require {
  function resolve(id: string): string;
  const cache: Record<string, { id: string; filename: string; exports: any; loaded: boolean }>;
}

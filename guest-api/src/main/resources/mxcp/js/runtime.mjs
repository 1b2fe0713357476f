// mxcp:runtime — what MXCP JavaScript endpoints use to reach the server: the database, configuration and
// secrets, lifecycle hooks, MCP logging, progress, sampling and elicitation, the caller. The same behaviour as
// the Python module mxcp.runtime, with JavaScript names; see runtime.d.ts for the API.
//
// Each worker (a JS context of the host's pool) has its own instance of this module and of every project
// module: module-level state and what onInit hooks set up exist once per worker.

const host = globalThis.__mxcpHost;
delete globalThis.__mxcpHost;

/** A statement run through db.execute failed; the message is DuckDB's. */
export class DatabaseError extends Error {
    constructor(message) {
        super(message);
        this.name = "DatabaseError";
    }
}

/** mcp.sample or mcp.elicit got no answer (no client, no capability, refused, or the call ended). */
export class ClientRequestError extends Error {
    constructor(message) {
        super(message);
        this.name = "ClientRequestError";
    }
}

// ---- values from the host (see dev.mxcp.host.polyglot.GuestWire) ---------------------------------------

const decoders = {
    m: (v) => {
        const keys = v[1], values = v[2], out = {};
        for (let i = 0; i < keys.length; i++) out[keys[i]] = decode(values[i]);
        return out;
    },
    l: (v) => {
        const items = v[1], out = new Array(items.length);
        for (let i = 0; i < items.length; i++) out[i] = decode(items[i]);
        return out;
    },
    // Integers beyond 64 bits (HUGEINT) stay exact as BigInt.
    i: (v) => BigInt(v[1]),
    // DECIMAL as a number, as DuckDB's own Node client gives it.
    D: (v) => Number(v[1]),
    // Dates, timestamps and times as ISO 8601 strings: exact (microseconds, no time-zone shift).
    d: (v) => v[1],
    t: (v) => v[1],
    h: (v) => v[1],
    b: (v) => fromBase64(v[1]),
};

// GraalJS has no atob/btoa outside Node mode.
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function fromBase64(text) {
    const clean = text.replace(/=+$/, "");
    const out = new Uint8Array(Math.floor(clean.length * 3 / 4));
    let bits = 0, acc = 0, n = 0;
    for (const ch of clean) {
        acc = (acc << 6) | B64.indexOf(ch);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (acc >> bits) & 0xff;
        }
    }
    return out;
}

function toBase64(bytes) {
    let out = "";
    for (let i = 0; i < bytes.length; i += 3) {
        const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
        out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63]
            + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : "=") + (i + 2 < bytes.length ? B64[n & 63] : "=");
    }
    return out;
}

/** @internal */
export function decode(v) {
    if (v === null || v === undefined) return null;
    const t = typeof v;
    if (t === "string" || t === "number" || t === "boolean" || t === "bigint") return v;
    return decoders[v[0]](v);
}

function rows(result) {
    const names = Array.from(result[0], String);
    const width = names.length;
    const out = [];
    for (const row of result[1]) {
        const record = {};
        for (let i = 0; i < width; i++) record[names[i]] = decode(row[i]);
        out.push(record);
    }
    return out;
}

function base64(data) {
    if (data instanceof Uint8Array || data instanceof ArrayBuffer) {
        return toBase64(data instanceof Uint8Array ? data : new Uint8Array(data));
    }
    return String(data);
}

// ---- the API --------------------------------------------------------------------------------------------

export const db = Object.freeze({
    /** Runs SQL with $name parameters taken from params; returns an array of plain objects. */
    execute(sql, params = null) {
        const result = host.query(String(sql), params);
        if (typeof result === "string") throw new DatabaseError(result);
        return rows(result);
    },
});

let siteData, userData;

export const config = Object.freeze({
    /** The parameters of a secret (an object), or null; with key, that one parameter (or null). */
    getSecret(name, key = undefined) {
        const params = decode(host.secret(String(name)));
        if (key === undefined || key === null || params === null) return params;
        return key in params ? params[key] : null;
    },
    /** A value of mxcp-site.yml by dotted key ("dbt.enabled"), or defaultValue. */
    getSetting(key, defaultValue = null) {
        let value = this.siteConfig;
        for (const part of String(key).split(".")) {
            if (value !== null && typeof value === "object" && !Array.isArray(value) && part in value) {
                value = value[part];
            } else {
                return defaultValue;
            }
        }
        return value;
    },
    /** mxcp-site.yml as a plain object. */
    get siteConfig() {
        return siteData ??= decode(host.siteConfig());
    },
    /** The user configuration (active profile's references resolved) as a plain object. */
    get userConfig() {
        return userData ??= decode(host.userConfig());
    },
});

/** Same as config.getSecret. */
export function getSecret(name, key = undefined) {
    return config.getSecret(name, key);
}

/** MXCP plugins are Python classes: JavaScript endpoints see none (list() is empty, get() null). */
export const plugins = Object.freeze({
    list: () => [],
    get: (name) => null,
});

function content(fields) {
    const out = { __mxcpContent: true };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) out[k] = String(v);
    return Object.freeze(out);
}

export const mcp = Object.freeze({
    async debug(message) { host.log("debug", String(message)); },
    async info(message) { host.log("info", String(message)); },
    async warning(message) { host.log("warning", String(message)); },
    async error(message) { host.log("error", String(message)); },
    /** Progress of the current call for the client: done so far, of total (optional), with a message. */
    async progress(progress, total = null, message = null) {
        if (progress === undefined || progress === null) throw new TypeError("progress() needs the progress so far");
        host.progress(Number(progress), total === null ? null : Number(total), message === null ? null : String(message));
    },
    /** Asks the client's model to complete prompt; resolves to {role, text, model, stopReason}. */
    async sample(prompt, { maxTokens = 1000, systemPrompt = null, temperature = null, key = null } = {}) {
        const answer = host.sample(String(prompt), Math.trunc(maxTokens), systemPrompt === null ? null : String(systemPrompt),
            temperature === null ? null : Number(temperature), key === null ? null : String(key));
        if (typeof answer === "string") throw new ClientRequestError(answer);
        const a = decode(answer);
        return { role: a.role, text: a.text, model: a.model, stopReason: a.stop_reason };
    },
    /** Asks the user to fill in a form (a flat JSON Schema object); resolves to {action, content}. */
    async elicit(message, schema, { key = null } = {}) {
        const answer = host.elicit(String(message), schema, key === null ? null : String(key));
        if (typeof answer === "string") throw new ClientRequestError(answer);
        return decode(answer);
    },
    /** Asks the client for its roots; resolves to [{uri, name}] (name may be null). */
    async listRoots({ key = null } = {}) {
        const answer = host.listRoots(key === null ? null : String(key));
        if (typeof answer === "string") throw new ClientRequestError(answer);
        return decode(answer);
    },
    text: (text) => content({ type: "text", text }),
    /** data: base64 text, or a Uint8Array (encoded for you). */
    image: (data, mimeType) => content({ type: "image", data: base64(data), mimeType }),
    audio: (data, mimeType) => content({ type: "audio", data: base64(data), mimeType }),
    embeddedResource: (uri, { text = null, mimeType = null, blob = null } = {}) =>
        content({ type: "resource", uri, text, mimeType, blob: blob === null ? null : base64(blob) }),
    resourceLink: (uri, name, { mimeType = null, description = null } = {}) =>
        content({ type: "resource_link", uri, name, mimeType, description }),
});

function profile() {
    return decode(host.user());
}

/** The caller of the current call; every field is null when there is none. */
export const user = Object.freeze({
    get authenticated() { return host.user() !== null; },
    get userId() { return profile()?.user_id ?? null; },
    get username() { return profile()?.username ?? null; },
    get name() { return profile()?.name ?? null; },
    get email() { return profile()?.email ?? null; },
    get provider() { return profile()?.provider ?? null; },
    get avatarUrl() { return profile()?.avatar_url ?? null; },
    get externalToken() { return profile()?.external_token ?? null; },
    get rawProfile() { return profile()?.raw_profile ?? {}; },
    get capabilities() { return profile()?.capabilities ?? []; },
});

/** Spans of the call's trace, as Python's telemetry.span (nothing is recorded when the call is not traced). */
export const telemetry = Object.freeze({
    span(name, attributes, fn) {
        if (typeof attributes === "function") {
            [attributes, fn] = [{}, attributes];
        }
        const depth = host.startSpan(String(name));
        const span = Object.freeze({
            setAttribute(key, value) {
                host.setSpanAttribute(String(key), value === null || value === undefined
                    || ["string", "number", "boolean"].includes(typeof value) ? value ?? null : String(value));
            },
        });
        let ended = false;
        const end = (error) => {
            if (!ended) {
                ended = true;
                host.endSpan(depth, error === undefined ? null : (error?.name ?? "Error"));
            }
        };
        try {
            for (const [key, value] of Object.entries(attributes ?? {})) {
                span.setAttribute(key, value);
            }
            const result = fn(span);
            if (result instanceof Promise) {
                return result.then((value) => { end(); return value; }, (error) => { end(error); throw error; });
            }
            end();
            return result;
        } catch (error) {
            end(error);
            throw error;
        }
    },
});

/** The HTTP request of the current call (no headers outside HTTP). */
export const request = Object.freeze({
    /** Header names in lower case; null when the call has none (stdio, mxcp run), as in Python. */
    get headers() { return decode(host.headers()); },
    header(name, defaultValue = null) {
        const headers = this.headers;
        const key = String(name).toLowerCase();
        return headers !== null && key in headers ? headers[key] : defaultValue;
    },
});

const initHooks = [];
const shutdownHooks = [];
const payloads = new Map();

/** Registers fn (sync or async, no arguments) to run when a worker starts, and after a reload. Returns fn. */
export function onInit(fn) {
    if (typeof fn !== "function") throw new TypeError("onInit needs a function");
    initHooks.push(fn);
    return fn;
}

/** Registers fn (sync or async, no arguments) to run when a worker stops, and before a reload. Returns fn. */
export function onShutdown(fn) {
    if (typeof fn !== "function") throw new TypeError("onShutdown needs a function");
    shutdownHooks.push(fn);
    return fn;
}

/**
 * Schedules a reload and returns at once. Later, once calls in flight finish: shutdown hooks run, DuckDB
 * closes, payload runs (in this worker, with the database file to itself), DuckDB reopens, init hooks run.
 */
export function reloadDuckdb(payload = null, description = "") {
    let token = null;
    if (payload !== null && payload !== undefined) {
        if (typeof payload !== "function") throw new TypeError("the reload payload must be a function");
        token = 1;
        while (payloads.has(token)) token++;
        payloads.set(token, payload);
    }
    host.requestReload(token, String(description ?? ""));
}

// ---- completion hooks (MCP completion/complete) ----------------------------------------------------------

const completions = new Map();
const completionKey = (kind, name, argument) => `${kind}\0${name}\0${argument}`;

/**
 * Registers fn(value, context) as the completion hook of an argument: for { prompt } by name, for { resource }
 * by URI template, or for any prompt or template with that argument (neither given). It returns an array of
 * strings, or a promise of one. Returns fn.
 */
export function completion({ argument, prompt = null, resource = null } = {}, fn) {
    if (typeof argument !== "string" || argument === "") throw new TypeError("completion needs { argument: \"name\" }");
    if (prompt !== null && resource !== null) throw new TypeError("completion takes prompt or resource, not both");
    if (typeof fn !== "function") throw new TypeError("completion needs a function");
    const [kind, name] = prompt !== null ? ["prompt", prompt] : resource !== null ? ["resource", resource] : ["", ""];
    completions.set(completionKey(kind, String(name), argument), fn);
    return fn;
}

function suggestions(hook, result) {
    if (result === null || result === undefined) return [];
    if (typeof result === "string" || typeof result[Symbol.iterator] !== "function") {
        throw new TypeError(`the completion hook ${hook.name || "(anonymous)"} must return an array of strings, got ${typeof result}`);
    }
    return Array.from(result, String);
}

/** The hook registered under exactly this key, run: its suggestions, or null when there is none here. */
function complete({ kind, name, argument, value, context }) {
    const hook = completions.get(completionKey(kind, name, argument));
    if (hook === undefined) return null;
    const result = hook(value, context);
    return result !== null && typeof result === "object" && typeof result.then === "function"
        ? result.then((r) => suggestions(hook, r)) : suggestions(hook, result);
}

/** [kind, name, argument] of every registered hook; kind and name are "" for any endpoint. */
function completionKeys() {
    return Array.from(completions.keys(), (key) => key.split("\0"));
}

/** @internal the worker shim's view of this module's state, and the host's own calls it routes here. */
export const __mxcp = Object.freeze({
    host, initHooks, shutdownHooks, payloads,
    hostCalls: new Map([["completion", complete], ["completion_keys", completionKeys]]),
});

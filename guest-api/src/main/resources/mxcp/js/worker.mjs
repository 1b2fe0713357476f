// The host's entry points into one worker (a JS context): start-up, endpoint calls, lifecycle hooks and
// reload payloads. Internal: user code imports "mxcp:runtime". Each entry returns a settlement record; GraalJS
// runs the pending promise jobs before it returns to the host, so async functions finish on the worker's own
// thread. While the work waits for a timer, the host asks pending() how long, waits, and calls tick(); then
// settle() gives the value.
import { __mxcp, decode } from "mxcp:runtime";
import { install as installTimers, nextDelay, runNext, takeUncaught, dropAll } from "mxcp:_timers";
import { install as installRequire } from "mxcp:_commonjs";

installTimers(globalThis);
installRequire(globalThis);

const { host, initHooks, shutdownHooks, payloads, hostCalls } = __mxcp;
const modules = new Map();
const functions = new Map();
let root = "";
let lastError = "";

function relative(path) {
    return root && path.startsWith(root + "/") ? path.slice(root.length + 1) : path;
}

function describe(e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : `${typeof e === "object" ? "Error" : typeof e}: ${String(e)}`;
}

// CommonJS files run from a wrapped copy under /__mxcp__/require: a traceback names the file itself.
function remember(e) {
    lastError = e instanceof Error && e.stack
        ? `${describe(e)}\n${e.stack.split("\n").filter((l) => /^\s+at /.test(l)).join("\n").replaceAll("/__mxcp__/require/", "/")}`
        : describe(e);
}

function fail(s, e) {
    if (s.done) return;
    remember(e);
    s.done = true;
    s.failed = true;
    s.error = e;
}

/**
 * What an unsettled promise, a value or a failure becomes for the host. Timers left over from earlier work
 * are dropped when it is made, and its own when it settles.
 */
function settlement() {
    dropAll();
    const s = {
        done: false, value: undefined, error: undefined, failed: false,
        /** Milliseconds until the next timer the work may be waiting for (0: due now), or -1: nothing to wait for. */
        pending() {
            const e = takeUncaught();
            if (e !== null) fail(s, e);
            return s.done ? -1 : nextDelay();
        },
        /** Runs the timer that is due; what it throws fails the work, as it would end a Node process. */
        tick() {
            try {
                runNext();
            } catch (e) {
                fail(s, e);
            }
        },
        settle() {
            dropAll();
            if (!s.done) {
                const e = new Error("the endpoint's promise never settled (no timer or other work is left to wait for)");
                remember(e);
                throw e;
            }
            if (s.failed) throw s.error;
            return s.value;
        },
    };
    return s;
}

function run(s, work) {
    try {
        const value = work();
        if (value !== null && typeof value === "object" && typeof value.then === "function") {
            Promise.resolve(value).then((v) => { s.done = true; s.value = v; }, (e) => fail(s, e));
        } else {
            s.done = true;
            s.value = value;
        }
    } catch (e) {
        fail(s, e);
    }
    return s;
}

function show(value) {
    if (typeof value === "string") return value;
    if (value instanceof Error) return value.stack || String(value);
    try {
        const text = JSON.stringify(value);
        return text === undefined ? String(value) : text;
    } catch {
        return String(value);
    }
}

/**
 * mxcp exec: imports a standalone script as an ES module, with process.argv ["mxcp", path, ...args] and
 * console.* printed on the command's own stdout (log, info, debug) and stderr (warn, error) while it runs; what
 * the script's top level awaits is part of the run. Answers process.exitCode (0 when unset).
 */
hostCalls.set("script", ({ path, argv }) => {
    const saved = { console: globalThis.console, process: globalThis.process };
    const to = (level) => (...args) => host.log(level, args.map(show).join(" ") + "\n");
    const console = Object.create(saved.console ?? null);
    Object.assign(console, { log: to("notice"), info: to("notice"), debug: to("notice"), warn: to("alert"), error: to("alert") });
    globalThis.console = console;
    globalThis.process = { argv: ["mxcp", path, ...argv], env: {}, exitCode: undefined };
    const restore = () => {
        const code = globalThis.process.exitCode;
        globalThis.console = saved.console;
        globalThis.process = saved.process;
        return code ?? 0;
    };
    return import(path).then(restore, (e) => { restore(); throw e; });
});

/** Imports every module under js/ so their hooks register; a module that fails is logged and skipped. */
export function start(settings) {
    const s = decode(settings);
    root = s.root;
    return run(settlement(), () => Promise.all(s.modules.map((path) => import(path).then(
        (ns) => { modules.set(path, ns); },
        (e) => host.log("warning", `Failed to load ${relative(path)}: ${describe(e)}`)))));
}

function resourceFunction(ns, path) {
    const stem = path.slice(path.lastIndexOf("/") + 1).replace(/\.m?js$/, "");
    for (const name of ["main", stem, "default"]) {
        if (typeof ns[name] === "function") return ns[name];
    }
    for (const name of Object.keys(ns)) {
        if (typeof ns[name] === "function") return ns[name];
    }
    throw new Error(`${relative(path)} exports no function for this resource (main, ${stem}, or any)`);
}

function lookup(kind, path, name, ns) {
    if (kind === "resource") return resourceFunction(ns, path);
    const fn = ns[name];
    if (typeof fn !== "function") {
        throw new Error(`${relative(path)} exports no function '${name}' (it must be named like the ${kind})`);
    }
    return fn;
}

/** Calls the endpoint's exported function with one object of converted arguments. */
export function call(kind, path, name, args) {
    const own = hostCalls.get(kind); // the host's own calls (completion hooks), with no endpoint file
    if (own !== undefined) return run(settlement(), () => own(decode(args)));
    const key = kind + "\0" + path + "\0" + name;
    const fn = functions.get(key);
    if (fn !== undefined) return run(settlement(), () => fn(decode(args)));
    return run(settlement(), () => {
        const loaded = modules.get(path);
        const found = (ns) => {
            modules.set(path, ns);
            const f = lookup(kind, path, name, ns);
            functions.set(key, f);
            return f(decode(args));
        };
        return loaded !== undefined ? found(loaded) : import(path).then(found);
    });
}

export function last_error() {
    return lastError;
}

function runHooks(hooks, kind) {
    let chain = Promise.resolve();
    for (const hook of [...hooks]) {
        chain = chain.then(() => hook()).catch((e) => {
            remember(e);
            host.log("error", `Error in ${kind} hook ${hook.name || "(anonymous)"}: ${describe(e)}`);
        });
    }
    return run(settlement(), () => chain);
}

export function run_init_hooks() {
    return runHooks(initHooks, "init");
}

export function run_shutdown_hooks(final) {
    return runHooks(shutdownHooks, "shutdown");
}

/** Runs a payload registered by reloadDuckdb; a failure is logged with its stack. */
export function run_payload(token) {
    const payload = payloads.get(token);
    payloads.delete(token);
    if (payload === undefined) return run(settlement(), () => undefined);
    return run(settlement(), () => Promise.resolve().then(() => payload()).catch((e) => {
        remember(e);
        host.log("error", `The reload payload ${payload.name || ""} failed: ${describe(e)}\n${lastError}`);
    }));
}

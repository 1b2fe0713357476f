// setTimeout, setInterval, their clear functions and queueMicrotask, which GraalJS outside Node does not have.
// Internal: the worker shim installs them as globals. The timers live here; the host waits for the next one
// outside the guest (so a timeout or a cancellation still stops the worker) and then calls runNext(). Timers
// belong to the call, hook or payload running when they were set: those still pending when it settles are
// dropped.

const timers = new Map();
let lastId = 0;
let sequence = 0;
/** The first error a timer callback or a queued microtask threw; it fails the pending call. */
let uncaught = null;

// As in Node: a delay outside 1 .. 2^31-1 ms is 1 ms.
const MAX_DELAY = 2 ** 31 - 1;

/** What setTimeout and setInterval return, with Node's methods (ref/unref, hasRef, refresh) and its id as number. */
class Timeout {
    #id;

    constructor(callback, delay, args, repeat) {
        if (typeof callback !== "function") {
            throw new TypeError(`The "callback" argument must be of type function, got ${typeof callback}`);
        }
        const ms = Number(delay);
        this.#id = ++lastId;
        this.callback = () => callback(...args);
        this.delay = ms >= 1 && ms <= MAX_DELAY ? Math.trunc(ms) : 1;
        this.repeat = repeat;
        this.referenced = true;
        this.schedule();
        timers.set(this.#id, this);
    }

    schedule() {
        this.due = Date.now() + this.delay;
        this.order = ++sequence;
    }

    /** An unreferenced timer runs when due, but the host does not wait for it alone (as in Node). */
    ref() { this.referenced = true; return this; }
    unref() { this.referenced = false; return this; }
    hasRef() { return this.referenced; }
    refresh() { this.schedule(); timers.set(this.#id, this); return this; }
    close() { timers.delete(this.#id); return this; }
    [Symbol.toPrimitive]() { return this.#id; }
}

function clear(timer) {
    if (timer instanceof Timeout) timer.close();
    else if (timer !== null && timer !== undefined) timers.delete(Number(timer));
}

function earliest() {
    let first = null;
    for (const t of timers.values()) {
        if (first === null || t.due < first.due || (t.due === first.due && t.order < first.order)) first = t;
    }
    return first;
}

/** Milliseconds until the next timer is due (0: now), or -1 when no referenced timer is pending. */
export function nextDelay() {
    let referenced = false;
    for (const t of timers.values()) referenced ||= t.referenced;
    return referenced ? Math.max(0, Math.ceil(earliest().due - Date.now())) : -1;
}

/**
 * Runs the earliest timer if it is due, one per call so the promise jobs it starts run before the next timer
 * (as in Node). What the callback throws is thrown.
 */
export function runNext() {
    const t = earliest();
    if (t === null || t.due > Date.now()) return;
    if (t.repeat) t.schedule();
    else t.close();
    t.callback();
}

/** The error a queued microtask threw since the last call, or null. */
export function takeUncaught() {
    const e = uncaught;
    uncaught = null;
    return e;
}

export function dropAll() {
    timers.clear();
    uncaught = null;
}

export function install(global) {
    global.setTimeout = (callback, delay = 0, ...args) => new Timeout(callback, delay, args, false);
    global.setInterval = (callback, delay = 0, ...args) => new Timeout(callback, delay, args, true);
    global.clearTimeout = clear;
    global.clearInterval = clear;
    if (typeof global.queueMicrotask !== "function") {
        global.queueMicrotask = (callback) => {
            if (typeof callback !== "function") {
                throw new TypeError(`The "callback" argument must be of type function, got ${typeof callback}`);
            }
            Promise.resolve().then(() => callback()).catch((e) => { uncaught ??= e; });
        };
    }
}

// require() for CommonJS modules (npm packages in the project's packages folder, .cjs/.js files of the project),
// which GraalJS outside Node lacks. Internal: the worker shim installs the global require, and an import of a
// CommonJS package is served as an ES module calling requireFile. The host resolves specifiers (Node's
// algorithm, kept inside the project; Node's core modules are refused) and serves a module's text through the
// sandboxed file system under WRAPPED, wrapped in a function as Node wraps it; it runs once per worker.
import * as runtime from "mxcp:runtime";

const resolver = globalThis.__mxcpRequire;
delete globalThis.__mxcpRequire;
const loadScript = globalThis.load;
const WRAPPED = "/__mxcp__/require";
/** Modules by file, as Node's require.cache (deleting an entry makes the next require run the file again). */
const cache = Object.create(null);
// A stack frame: "    at f (/path/file.mjs:3:5)" or "    at /path/file.mjs:3:5".
const FRAME = /^\s*at (?:.*\()?(\/.+?):\d+(?::\d+)?\)?$/;

const dirname = (file) => file.slice(0, file.lastIndexOf("/")) || "/";

function resolve(specifier, dir) {
    const found = resolver.resolve(String(specifier), dir);
    if (found[0] === null) {
        const e = new Error(found[2]);
        e.code = found[1];
        throw e;
    }
    return found[0];
}

/** Runs the CommonJS module in file (a path require resolved) once; its module.exports. */
export function requireFile(file) {
    const cached = cache[file];
    if (cached !== undefined) return cached.exports;
    const dir = dirname(file);
    const module = { id: file, filename: file, path: dir, exports: {}, loaded: false, children: [] };
    module.require = makeRequire(() => dir);
    cache[file] = module; // before it runs, so a require cycle gets the exports so far (as in Node)
    try {
        loadScript(WRAPPED + file).call(module.exports, module.exports, module.require, module, file, dir);
    } catch (e) {
        delete cache[file];
        throw e;
    }
    module.loaded = true;
    return module.exports;
}

function makeRequire(dirOf) {
    const require = (specifier) => specifier === "mxcp:runtime" ? runtime : requireFile(resolve(specifier, dirOf()));
    require.resolve = (specifier) => resolve(specifier, dirOf());
    require.cache = cache;
    return require;
}

/** The folder of the module that called the global require, from the stack; null (the project folder) if unknown. */
function callerDir() {
    for (const line of String(new Error().stack).split("\n").slice(1)) {
        const frame = FRAME.exec(line);
        if (frame !== null && !frame[1].startsWith("/__mxcp__/")) return dirname(frame[1]);
    }
    return null;
}

/** The global require of ES modules: a relative specifier is resolved from the calling module's folder. */
export function install(global) {
    global.require = makeRequire(callerDir);
}

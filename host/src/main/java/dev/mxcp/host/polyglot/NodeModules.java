package dev.mxcp.host.polyglot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node's module resolution, reduced to what pure-JS npm packages need and kept inside the project: which file
 * a bare {@code import} loads, and whether it is an ES module or CommonJS; which file {@code require(..)} loads.
 * Packages are looked up in {@code node_modules} folders from the requiring file up to the project folder, then
 * in the project's packages folder; a path outside what the sandbox lets guests read, and Node's core modules
 * ({@code fs}, {@code child_process}...), are refused.
 */
final class NodeModules {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Node's built-in modules: GraalJS without Node has none of them. */
    private static final Set<String> CORE = Set.of("assert", "async_hooks", "buffer", "child_process", "cluster",
            "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns", "domain", "events", "fs", "http",
            "http2", "https", "inspector", "module", "net", "os", "path", "perf_hooks", "process", "punycode",
            "querystring", "readline", "repl", "stream", "string_decoder", "sys", "timers", "tls", "trace_events",
            "tty", "url", "util", "v8", "vm", "wasi", "worker_threads", "zlib");
    private static final List<String> IMPORT_CONDITIONS = List.of("import", "module");
    private static final List<String> REQUIRE_CONDITIONS = List.of("require", "default");

    /** A module that cannot be loaded; {@code code} is Node's error code for it. */
    static final class NotLoadable extends RuntimeException {
        final String code;

        NotLoadable(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** The file an import loads, and whether it is an ES module (else CommonJS, loaded through require). */
    record Entry(Path file, boolean esModule) {
    }

    private final Sandbox sandbox;

    NodeModules(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    static boolean isBare(String specifier) {
        return !specifier.isEmpty() && !specifier.startsWith("/") && !specifier.startsWith(".")
                && !specifier.contains(":") && !specifier.contains("\\");
    }

    /**
     * What a bare import specifier ({@code "lodash"}, {@code "pkg/sub.js"}) loads from the packages folder: the
     * "import"/"module" entry of "exports", else the "module" field (both ES modules), else the "default" entry,
     * "main" or index.js; or null when no such package is installed.
     *
     * @throws NotLoadable for a Node core module that is not installed as a package
     */
    Entry importEntry(String specifier) {
        String[] name = packageName(specifier);
        Path dir = name == null ? null : sandbox.packages().resolve(name[0]);
        if (dir == null || !Files.isDirectory(dir)) {
            if (name != null && CORE.contains(name[0])) {
                throw coreModule(specifier);
            }
            return null;
        }
        JsonNode pkg = packageJson(dir);
        String subpath = name[1];
        Path file = exportsTarget(dir, pkg, subpath, IMPORT_CONDITIONS);
        if (file == null && subpath.equals(".") && pkg.path("module").isTextual()) {
            file = importFile(dir.resolve(pkg.get("module").asText()));
        }
        if (file != null) {
            return new Entry(file, !file.toString().endsWith(".cjs"));
        }
        file = exportsTarget(dir, pkg, subpath, List.of("default"));
        if (file == null && subpath.equals(".") && pkg.path("main").isTextual()) {
            file = importFile(dir.resolve(pkg.get("main").asText()));
        }
        if (file == null) {
            file = importFile(dir.resolve(subpath.equals(".") ? "index" : subpath));
        }
        return file == null ? null : new Entry(file, isEsModule(file));
    }

    /**
     * The file {@code require(specifier)} loads when called from a module in {@code fromDir}.
     *
     * @throws NotLoadable when there is none, it is outside the project, a core module or an ES module
     */
    Path require(String specifier, Path fromDir) {
        String name = specifier.startsWith("node:") ? specifier.substring(5) : specifier;
        Path file;
        if (isBare(specifier)) {
            String[] pkg = packageName(specifier);
            file = pkg == null ? null : requirePackage(pkg, fromDir);
            if (file == null && pkg != null && CORE.contains(pkg[0])) {
                throw coreModule(specifier);
            }
        } else if (specifier.startsWith("node:") && CORE.contains(name.split("/")[0])) {
            throw coreModule(specifier);
        } else if (specifier.startsWith("/") || specifier.startsWith("./") || specifier.startsWith("../")
                || specifier.equals(".") || specifier.equals("..")) {
            Path target = fromDir.resolve(specifier).normalize();
            readable(specifier, target);
            file = requireFile(target);
        } else {
            throw new NotLoadable("MODULE_NOT_FOUND", "Cannot find module '" + specifier + "'");
        }
        if (file == null) {
            throw new NotLoadable("MODULE_NOT_FOUND", "Cannot find module '" + specifier + "' from " + shown(fromDir));
        }
        readable(specifier, file);
        if (isEsModule(file)) {
            throw new NotLoadable("ERR_REQUIRE_ESM", "Cannot require '" + specifier + "': " + shown(file)
                    + " is an ES module (import it instead)");
        }
        return file;
    }

    private Path requirePackage(String[] name, Path fromDir) {
        for (Path modules : moduleFolders(fromDir)) {
            Path dir = modules.resolve(name[0]);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            JsonNode pkg = packageJson(dir);
            Path file = exportsTarget(dir, pkg, name[1], REQUIRE_CONDITIONS);
            if (file == null && name[1].equals(".") && pkg.path("main").isTextual()) {
                file = requireFile(dir.resolve(pkg.get("main").asText()));
            }
            return file != null ? file : requireFile(name[1].equals(".") ? dir : dir.resolve(name[1]));
        }
        return null;
    }

    /** node_modules folders from {@code dir} up to the project folder (as Node walks them), then the packages folder. */
    private List<Path> moduleFolders(Path dir) {
        List<Path> folders = new ArrayList<>();
        for (Path p = dir.normalize(); p != null && p.startsWith(sandbox.root()); p = p.getParent()) {
            if (!p.endsWith("node_modules")) {
                folders.add(p.resolve("node_modules"));
            }
        }
        if (!folders.contains(sandbox.packages())) {
            folders.add(sandbox.packages());
        }
        return folders;
    }

    /** {@code ["name" or "@scope/name", "." or "./sub/path"]}, or null for a malformed specifier. */
    private static String[] packageName(String specifier) {
        String[] parts = specifier.split("/", -1);
        int nameParts = specifier.startsWith("@") ? 2 : 1;
        if (parts.length < nameParts || List.of(parts).contains("") || List.of(parts).contains("..")) {
            return null;
        }
        String name = String.join("/", List.of(parts).subList(0, nameParts));
        String rest = String.join("/", List.of(parts).subList(nameParts, parts.length));
        return new String[] {name, rest.isEmpty() ? "." : "./" + rest};
    }

    /**
     * The file "exports" maps {@code subpath} to under the first of its conditions in {@code conditions} (in
     * the package's order, as Node picks them), with one "*" pattern per key; null when it has none.
     */
    private static Path exportsTarget(Path dir, JsonNode pkg, String subpath, List<String> conditions) {
        JsonNode exports = pkg.path("exports");
        boolean bySubpath = exports.isObject() && exports.fieldNames().hasNext() && exports.fieldNames().next().startsWith(".");
        JsonNode target = null;
        String star = null;
        if (!bySubpath) {
            target = subpath.equals(".") ? exports : null;
        } else if (exports.has(subpath)) {
            target = exports.get(subpath);
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> keys = exports.fields(); keys.hasNext() && target == null; ) {
                Map.Entry<String, JsonNode> key = keys.next();
                int at = key.getKey().indexOf('*');
                if (at >= 0 && subpath.startsWith(key.getKey().substring(0, at))
                        && subpath.endsWith(key.getKey().substring(at + 1))
                        && subpath.length() >= key.getKey().length() - 1) {
                    target = key.getValue();
                    star = subpath.substring(at, subpath.length() - (key.getKey().length() - at - 1));
                }
            }
        }
        String path = target == null ? null : conditional(target, conditions);
        if (path == null) {
            return null;
        }
        Path file = dir.resolve(star == null ? path : path.replace("*", star)).normalize();
        return file.startsWith(dir) && Files.isRegularFile(file) ? file : null;
    }

    private static String conditional(JsonNode target, List<String> conditions) {
        if (target.isTextual()) {
            return target.asText();
        }
        if (target.isArray()) {
            for (JsonNode alternative : target) {
                String found = conditional(alternative, conditions);
                if (found != null) {
                    return found;
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> keys = target.fields(); keys.hasNext(); ) {
            Map.Entry<String, JsonNode> key = keys.next();
            String found = conditions.contains(key.getKey()) ? conditional(key.getValue(), conditions) : null;
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** An imported file: as named, or with .js or .mjs added, or a folder's index.js. */
    private static Path importFile(Path path) {
        return firstFile(path.normalize(), ".js", ".mjs", "/index.js");
    }

    /** A required file: as named, or with .js or .json added; a folder's "main" from its package.json, or index. */
    private static Path requireFile(Path path) {
        Path file = firstFile(path.normalize(), ".js", ".json");
        if (file == null && Files.isDirectory(path)) {
            JsonNode main = packageJson(path).path("main");
            file = main.isTextual() ? firstFile(path.resolve(main.asText()).normalize(), ".js", ".json", "/index.js") : null;
            file = file != null ? file : firstFile(path.resolve("index"), ".js", ".json");
        }
        return file;
    }

    private static Path firstFile(Path path, String... suffixes) {
        if (Files.isRegularFile(path)) {
            return path;
        }
        for (String suffix : suffixes) {
            Path candidate = Path.of(path + suffix);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** As Node decides: .mjs is, .cjs and .json are not, .js is when the nearest package.json says "type": "module". */
    private boolean isEsModule(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".mjs") || name.endsWith(".cjs") || name.endsWith(".json")) {
            return name.endsWith(".mjs");
        }
        for (Path dir = file.getParent(); dir != null && dir.startsWith(sandbox.root()); dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("package.json"))) {
                return packageJson(dir).path("type").asText().equals("module");
            }
        }
        return false;
    }

    private static JsonNode packageJson(Path dir) {
        try {
            return JSON.readTree(dir.resolve("package.json").toFile());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private void readable(String specifier, Path path) {
        if (!sandbox.mayLoadCode(Sandbox.real(path))) {
            throw new NotLoadable("ERR_ACCESS_DENIED", "Cannot load '" + specifier + "': it is outside the project");
        }
    }

    private static NotLoadable coreModule(String specifier) {
        return new NotLoadable("MODULE_NOT_FOUND", "Cannot load '" + specifier + "': Node.js core modules are not "
                + "available (JavaScript endpoints run on GraalJS without Node.js)");
    }

    /** A path for messages: relative to the project folder when inside it. */
    private String shown(Path path) {
        if (!path.startsWith(sandbox.root())) {
            return path.toString();
        }
        String relative = sandbox.root().relativize(path).toString();
        return relative.isEmpty() ? "the project folder" : relative;
    }
}

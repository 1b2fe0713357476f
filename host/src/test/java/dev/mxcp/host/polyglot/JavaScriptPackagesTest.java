package dev.mxcp.host.polyglot;

import static dev.mxcp.host.polyglot.PythonProject.jsTool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm packages in a project's node_modules, as `npm install` leaves them: CommonJS ones through the global
 * require and through import (default export), ES module ones through import, never anything outside the
 * project or Node's core modules.
 */
class JavaScriptPackagesTest {

    static final String TOOLS = """
            import greeter from "cjs-greet";
            import esm, { twice } from "esm-only";
            import dual from "dual";

            const leftPad = require("left-pad-cjs"); // the global require works at a module's top level too

            export function viaRequire({ name }) {
              const { greet, version } = require("cjs-greet");
              return { greeting: greet(name), version, same: require("cjs-greet") === greeter, loads: globalThis.greetLoads };
            }

            export function viaImport({ name }) {
              return { greeting: greeter.greet(name), twice: twice(2), esm: typeof esm.twice, padded: leftPad("x", 1) };
            }

            export const conditions = () => ({ imported: dual, required: require("dual") });

            export const projectFile = () => require("./lib/legacy.cjs").legacy();

            export const nodeCore = () => require("uses-fs");

            export const outside = () => require("../../outside.js");

            export const absolute = () => require("/etc/hosts");

            export const esmRequired = () => require("esm-only");

            export function missing() {
              try {
                require("no-such-package");
                return "loaded";
              } catch (e) {
                return e.code;
              }
            }

            export const thrower = () => require("thrower")();
            """;

    static final String[] PACKAGES = {
        "node_modules/cjs-greet/package.json", "{\"name\": \"cjs-greet\", \"main\": \"lib/index.js\"}",
        "node_modules/cjs-greet/lib/index.js", """
            const { shout } = require("./shout");
            const pad = require("left-pad-cjs");
            const { version } = require("../data.json");
            globalThis.greetLoads = (globalThis.greetLoads ?? 0) + 1;
            exports.greet = (name) => pad(shout(`hello ${name}`), 2);
            exports.version = version;
            """,
        "node_modules/cjs-greet/lib/shout.js", "module.exports.shout = (s) => s.toUpperCase() + '!';\n",
        "node_modules/cjs-greet/data.json", "{\"version\": \"1.2.3\"}",
        "node_modules/left-pad-cjs/package.json", "{\"name\": \"left-pad-cjs\"}",
        "node_modules/left-pad-cjs/index.js", "module.exports = function leftPad(s, n) { return '.'.repeat(n) + s; };\n",
        "node_modules/esm-only/package.json", "{\"type\": \"module\", \"exports\": {\".\": {\"import\": \"./index.js\"}}}",
        "node_modules/esm-only/index.js", "export const twice = (x) => x * 2;\nexport default { twice };\n",
        "node_modules/dual/package.json",
        "{\"exports\": {\".\": {\"require\": \"./cjs/index.cjs\", \"import\": \"./esm/index.mjs\"}}}",
        "node_modules/dual/cjs/index.cjs", "module.exports = 'commonjs';\n",
        "node_modules/dual/esm/index.mjs", "export default 'es module';\n",
        "node_modules/uses-fs/package.json", "{\"main\": \"index.js\"}",
        "node_modules/uses-fs/index.js", "const fs = require('fs');\nmodule.exports = fs.readFileSync('/etc/passwd', 'utf8');\n",
        "node_modules/thrower/index.js", "module.exports = function () {\n  throw new RangeError('thrown inside a package');\n};\n",
        "js/lib/legacy.cjs", "module.exports = { legacy: () => 'from a .cjs file of the project' };\n",
        "js/node_core.mjs", "import fs from 'fs';\nexport const importsFs = () => typeof fs;\n",
    };

    @TempDir
    static Path dir;
    static PythonProject project;

    @BeforeAll
    static void open() {
        Fixtures.write(dir, "outside.js", "module.exports = 'a file outside the project';\n");
        List<String> files = new ArrayList<>(List.of(PACKAGES));
        files.addAll(List.of("js/tools.mjs", TOOLS));
        String[][] tools = {{"viaRequire", "- {name: name, type: string}"}, {"viaImport", "- {name: name, type: string}"},
            {"conditions", ""}, {"projectFile", ""}, {"nodeCore", ""}, {"outside", ""}, {"absolute", ""},
            {"esmRequired", ""}, {"missing", ""}, {"thrower", ""}};
        for (String[] tool : tools) {
            files.addAll(List.of("tools/" + tool[0] + ".yml", jsTool(tool[0], "tools.mjs", tool[1], "")));
        }
        files.addAll(List.of("tools/imports_fs.yml", jsTool("importsFs", "node_core.mjs", "", "")));
        project = PythonProject.create(dir.resolve("project"), "javascript:\n  workers: 1\n", files.toArray(String[]::new));
    }

    @AfterAll
    static void close() {
        project.close();
    }

    @Test
    void aCommonJsPackageLoadsThroughRequireWithItsOwnRequires() {
        assertThat(project.call("viaRequire", Map.of("name", "ada")))
                .isEqualTo(Map.of("greeting", "..HELLO ADA!", "version", "1.2.3", "same", true, "loads", 1L));
    }

    @Test
    void aCommonJsPackageImportsAsItsDefaultExportBesideAnEsModulePackage() {
        assertThat(project.call("viaImport", Map.of("name", "bob")))
                .isEqualTo(Map.of("greeting", "..HELLO BOB!", "twice", 4L, "esm", "function", "padded", ".x"));
    }

    @Test
    void importAndRequireEachPickTheirEntryOfExports() {
        assertThat(project.call("conditions", Map.of())).isEqualTo(Map.of("imported", "es module", "required", "commonjs"));
    }

    @Test
    void requireLoadsCommonJsFilesOfTheProjectRelativeToTheCaller() {
        assertThat(project.call("projectFile", Map.of())).isEqualTo("from a .cjs file of the project");
    }

    @Test
    void nodeCoreModulesAreRefusedInRequireAndImport() {
        assertThatThrownBy(() -> project.call("nodeCore", Map.of())).hasMessage("tool 'nodeCore': Error: Cannot load "
                + "'fs': Node.js core modules are not available (JavaScript endpoints run on GraalJS without Node.js)");
        assertThatThrownBy(() -> project.call("importsFs", Map.of())).hasMessageContaining(
                "Cannot load 'fs': Node.js core modules are not available");
    }

    @Test
    void filesOutsideTheProjectAreDenied() {
        assertThatThrownBy(() -> project.call("outside", Map.of()))
                .hasMessage("tool 'outside': Error: Cannot load '../../outside.js': it is outside the project");
        assertThatThrownBy(() -> project.call("absolute", Map.of()))
                .hasMessage("tool 'absolute': Error: Cannot load '/etc/hosts': it is outside the project");
    }

    @Test
    void requireSaysWhatIsWrong() {
        assertThatThrownBy(() -> project.call("esmRequired", Map.of())).hasMessage("tool 'esmRequired': Error: "
                + "Cannot require 'esm-only': node_modules/esm-only/index.js is an ES module (import it instead)");
        assertThat(project.call("missing", Map.of())).isEqualTo("MODULE_NOT_FOUND");
    }

    @Test
    void aTracebackNamesThePackagesOwnFile() {
        assertThatThrownBy(() -> project.call("thrower", Map.of())).isInstanceOfSatisfying(GuestException.class, e -> {
            assertThat(e).hasMessage("tool 'thrower': RangeError: thrown inside a package");
            assertThat(e.traceback()).contains(dir.resolve("project/node_modules/thrower/index.js") + ":2")
                    .doesNotContain("__mxcp__");
        });
    }
}

package dev.mxcp.host.polyglot;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.graalvm.polyglot.HostAccess;

/**
 * What a JavaScript worker's {@code require(..)} loads, for its CommonJS shim ({@code mxcp/js/commonjs.mjs});
 * the module's text is then read through the worker's sandboxed file system. Public only because the polyglot
 * runtime requires it.
 */
public final class JsRequire {

    private final NodeModules modules;
    private final Path root;

    JsRequire(Sandbox sandbox) {
        this.modules = new NodeModules(sandbox);
        this.root = sandbox.root();
    }

    /**
     * @param fromDir the folder of the requiring module, or null for the project folder
     * @return {@code [file, null, null]}, or {@code [null, code, message]} (Node's error code) when it cannot load
     */
    @HostAccess.Export
    public String[] resolve(String specifier, String fromDir) {
        try {
            return new String[] {modules.require(specifier, fromDir == null ? root : Path.of(fromDir)).toString(), null, null};
        } catch (NodeModules.NotLoadable e) {
            return new String[] {null, e.code, e.getMessage()};
        } catch (InvalidPathException e) {
            return new String[] {null, "MODULE_NOT_FOUND", "Cannot find module '" + specifier + "'"};
        }
    }
}

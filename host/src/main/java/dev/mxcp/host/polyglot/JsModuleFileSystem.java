package dev.mxcp.host.polyglot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The sandboxed file system of a JavaScript worker, plus module resolution GraalJS leaves to the file system:
 * {@code "mxcp:runtime"} (a URI of scheme {@code mxcp}) is a read-only virtual file whose text comes from
 * guest-api's resources, and a bare specifier ({@code "lodash"}, {@code "pkg/sub.js"}) names a package in the
 * project's {@code node_modules}, whose ES module entry is found from its package.json. Everything else goes
 * to the sandbox unchanged.
 */
final class JsModuleFileSystem implements FileSystem {

    /** Where virtual modules live; no real file is ever read or written there. */
    private static final Path VIRTUAL = Path.of("/__mxcp__");
    /** mxcp:runtime for endpoints; the names starting with "_" are the worker shim's own. */
    private static final Map<String, String> HOST_MODULES = Map.of("runtime", "mxcp/js/runtime.mjs",
            "_timers", "mxcp/js/timers.mjs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem delegate;
    private final Path packages;
    private final Function<String, String> resources;

    JsModuleFileSystem(FileSystem delegate, Path packages, Function<String, String> resources) {
        this.delegate = delegate;
        this.packages = packages;
        this.resources = resources;
    }

    @Override
    public Path parsePath(URI uri) {
        if ("mxcp".equals(uri.getScheme())) {
            String name = uri.getSchemeSpecificPart();
            if (!HOST_MODULES.containsKey(name)) {
                throw new IllegalArgumentException("there is no module 'mxcp:" + name + "' (only mxcp:runtime)");
            }
            return VIRTUAL.resolve(name + ".mjs");
        }
        return delegate.parsePath(uri);
    }

    /** A bare module specifier that names an installed package becomes its entry file. */
    @Override
    public Path parsePath(String path) {
        if (isBare(path)) {
            Path entry = packageEntry(path);
            if (entry != null) {
                return entry;
            }
        }
        return delegate.parsePath(path);
    }

    private static boolean isBare(String specifier) {
        return !specifier.isEmpty() && !specifier.startsWith("/") && !specifier.startsWith(".")
                && !specifier.contains(":") && !specifier.contains("\\");
    }

    /**
     * Node's lookup, reduced to what pure-JS ES module packages need: "exports" (a string, or "." with the
     * "import"/"module"/"default" condition), else "module", else "main", else index.js; a subpath is a file
     * in the package (".js" or "/index.js" may be left out).
     */
    private Path packageEntry(String specifier) {
        String[] parts = specifier.split("/");
        int nameParts = specifier.startsWith("@") ? 2 : 1;
        if (parts.length < nameParts) {
            return null;
        }
        Path dir = packages.resolve(String.join("/", List.of(parts).subList(0, nameParts)));
        if (!Files.isDirectory(dir)) {
            return null;
        }
        if (parts.length > nameParts) {
            return existing(dir.resolve(String.join("/", List.of(parts).subList(nameParts, parts.length))));
        }
        JsonNode pkg = packageJson(dir);
        for (JsonNode candidate : List.of(exportsEntry(pkg.path("exports")), pkg.path("module"), pkg.path("main"))) {
            if (candidate.isTextual()) {
                Path found = existing(dir.resolve(candidate.asText()));
                if (found != null) {
                    return found;
                }
            }
        }
        return existing(dir.resolve("index"));
    }

    private static JsonNode packageJson(Path dir) {
        try {
            return JSON.readTree(dir.resolve("package.json").toFile());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static JsonNode exportsEntry(JsonNode exports) {
        JsonNode main = exports.isObject() && exports.has(".") ? exports.get(".") : exports;
        for (String condition : List.of("import", "module", "default")) {
            if (main.isObject() && main.path(condition).isTextual()) {
                return main.get(condition);
            }
        }
        return main;
    }

    private static Path existing(Path file) {
        Path normal = file.normalize();
        for (Path candidate : List.of(normal, Path.of(normal + ".js"), Path.of(normal + ".mjs"), normal.resolve("index.js"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isVirtual(Path path) {
        return path.isAbsolute() && path.startsWith(VIRTUAL);
    }

    private byte[] virtualText(Path path) throws IOException {
        String name = path.getFileName().toString().replaceFirst("\\.mjs$", "");
        String resource = HOST_MODULES.get(name);
        if (resource == null || !path.getParent().equals(VIRTUAL)) {
            throw new NoSuchFileException(path.toString());
        }
        return resources.apply(resource).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
        if (!isVirtual(path)) {
            delegate.checkAccess(path, modes, options);
        } else if (modes.contains(AccessMode.WRITE)) {
            throw new AccessDeniedException(path.toString(), null, "a host module is read-only");
        } else {
            virtualText(path);
        }
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return isVirtual(path) ? new ReadOnlyChannel(virtualText(path)) : delegate.newByteChannel(path, options, attrs);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        if (!isVirtual(path)) {
            return delegate.readAttributes(path, attributes, options);
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("isRegularFile", true);
        attrs.put("isDirectory", false);
        attrs.put("isSymbolicLink", false);
        attrs.put("isOther", false);
        attrs.put("size", (long) virtualText(path).length);
        return attrs;
    }

    @Override
    public Path toRealPath(Path path, LinkOption... options) throws IOException {
        return isVirtual(path) ? path : delegate.toRealPath(path, options);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return isVirtual(path) ? path : delegate.toAbsolutePath(path);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        delegate.createDirectory(dir, attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        return delegate.newDirectoryStream(dir, filter);
    }

    @Override
    public void setCurrentWorkingDirectory(Path currentWorkingDirectory) {
        delegate.setCurrentWorkingDirectory(currentWorkingDirectory);
    }

    /** A host module's text as a read-only channel. */
    private static final class ReadOnlyChannel implements SeekableByteChannel {
        private final byte[] bytes;
        private int position;

        ReadOnlyChannel(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = (int) Math.min(newPosition, bytes.length);
            return this;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}

package dev.mxcp.host.polyglot;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The sandboxed file system of a JavaScript worker, plus module loading GraalJS leaves to the file system:
 * {@code "mxcp:runtime"} (a URI of scheme {@code mxcp}) is a read-only virtual file whose text comes from
 * guest-api's resources, and a bare specifier ({@code "lodash"}, {@code "pkg/sub.js"}) names a package in the
 * project's packages folder ({@link NodeModules} finds its entry). An ES module entry is served as it is; a
 * CommonJS one as a virtual ES module whose default export is what the CommonJS shim's require gives. That
 * shim reads a CommonJS file under {@code /__mxcp__/require/<its path>}: the file's text, read through the
 * sandbox, wrapped in a function as Node wraps it. Everything else goes to the sandbox unchanged.
 */
final class JsModuleFileSystem implements FileSystem {

    /** Where virtual modules live; no real file is ever read or written there. */
    private static final Path VIRTUAL = Path.of("/__mxcp__");
    /** A CommonJS file's text as a function of (exports, require, module, __filename, __dirname). */
    private static final Path WRAPPED = VIRTUAL.resolve("require");
    /** An ES module exporting a CommonJS file's module.exports as its default. */
    private static final Path IMPORTED = VIRTUAL.resolve("import");
    /** mxcp:runtime and mxcp:manager for guest code; the names starting with "_" are the worker shim's own. */
    private static final Map<String, String> HOST_MODULES = Map.of("runtime", "mxcp/js/runtime.mjs",
            "manager", "mxcp/js/manager.mjs", "_timers", "mxcp/js/timers.mjs", "_commonjs", "mxcp/js/commonjs.mjs");
    // No line break after the opening: line numbers in stack traces stay those of the file.
    private static final String WRAPPER_START = "(function (exports, require, module, __filename, __dirname) {";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem delegate;
    private final NodeModules modules;
    private final Function<String, String> resources;

    JsModuleFileSystem(FileSystem delegate, NodeModules modules, Function<String, String> resources) {
        this.delegate = delegate;
        this.modules = modules;
        this.resources = resources;
    }

    @Override
    public Path parsePath(URI uri) {
        if ("mxcp".equals(uri.getScheme())) {
            String name = uri.getSchemeSpecificPart();
            if (!HOST_MODULES.containsKey(name)) {
                throw new IllegalArgumentException("there is no module 'mxcp:" + name + "' (only mxcp:runtime and mxcp:manager)");
            }
            return VIRTUAL.resolve(name + ".mjs");
        }
        return delegate.parsePath(uri);
    }

    /** A bare module specifier that names an installed package becomes its entry file (or a CommonJS wrapper). */
    @Override
    public Path parsePath(String path) {
        if (NodeModules.isBare(path)) {
            NodeModules.Entry entry;
            try {
                entry = modules.importEntry(path);
            } catch (NodeModules.NotLoadable e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            if (entry != null) {
                return entry.esModule() ? entry.file() : under(IMPORTED, entry.file());
            }
        }
        return delegate.parsePath(path);
    }

    private static Path under(Path virtual, Path file) {
        return virtual.resolve(file.toString().substring(1));
    }

    /** The real file a virtual path under {@code virtual} stands for, or null. */
    private static Path underlying(Path virtual, Path path) {
        return path.startsWith(virtual) && path.getNameCount() > virtual.getNameCount()
                ? Path.of("/").resolve(virtual.relativize(path)) : null;
    }

    private static boolean isVirtual(Path path) {
        return path.isAbsolute() && path.startsWith(VIRTUAL);
    }

    private byte[] virtualText(Path path) throws IOException {
        Path wrapped = underlying(WRAPPED, path);
        if (wrapped != null) {
            byte[] text = read(wrapped);
            if (text.length > 1 && text[0] == '#' && text[1] == '!') { // a script's "#!" line, which a function cannot hold
                text[0] = '/';
                text[1] = '/';
            }
            String start = WRAPPER_START + (wrapped.toString().endsWith(".json") ? "module.exports = " : "");
            return concat(start.getBytes(StandardCharsets.UTF_8), text, "\n})".getBytes(StandardCharsets.UTF_8));
        }
        Path imported = underlying(IMPORTED, path);
        if (imported != null) {
            return ("import { requireFile } from \"mxcp:_commonjs\";\nexport default requireFile("
                    + JSON.writeValueAsString(imported.toString()) + ");\n").getBytes(StandardCharsets.UTF_8);
        }
        String name = path.getFileName().toString().replaceFirst("\\.mjs$", "");
        String resource = HOST_MODULES.get(name);
        if (resource == null || !path.getParent().equals(VIRTUAL)) {
            throw new NoSuchFileException(path.toString());
        }
        return resources.apply(resource).getBytes(StandardCharsets.UTF_8);
    }

    /** A file's bytes, read through the sandbox. */
    private byte[] read(Path file) throws IOException {
        try (InputStream in = Channels.newInputStream(delegate.newByteChannel(file, Set.of(StandardOpenOption.READ)))) {
            return in.readAllBytes();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
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

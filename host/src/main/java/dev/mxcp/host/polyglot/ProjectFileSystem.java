package dev.mxcp.host.polyglot;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The host file system as guest code sees it: reads only where the {@link Sandbox} allows, writes only in
 * its writable folders. A denial is an {@link AccessDeniedException}, which guests see as their own
 * permission error (Python: {@code PermissionError: [Errno 13] Permission denied: '/etc/passwd'}).
 */
final class ProjectFileSystem implements FileSystem {

    private static final System.Logger LOG = System.getLogger(ProjectFileSystem.class.getName());
    private static final Set<OpenOption> WRITES = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.DELETE_ON_CLOSE);

    private final FileSystem delegate = FileSystem.newDefaultFileSystem();
    private final Sandbox sandbox;

    private ProjectFileSystem(Sandbox sandbox) {
        this.sandbox = sandbox;
        delegate.setCurrentWorkingDirectory(sandbox.root());
    }

    /**
     * The sandboxed file system; the language's own files (its standard library) stay readable. GraalVM's
     * wrapper that grants the latter cannot move files atomically, which GraalPy's bytecode cache needs (it
     * writes a temporary file and renames it), so moves, only ever allowed in the sandbox, bypass it.
     */
    static FileSystem of(Sandbox sandbox) {
        ProjectFileSystem project = new ProjectFileSystem(sandbox);
        FileSystem withResources = FileSystem.allowInternalResourceAccess(project);
        return (FileSystem) Proxy.newProxyInstance(FileSystem.class.getClassLoader(), new Class<?>[] {FileSystem.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(method.getName().equals("move") ? project : withResources, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private Path readable(Path path) throws IOException {
        Path real = Sandbox.real(delegate.toAbsolutePath(path));
        if (!sandbox.mayRead(real)) {
            throw denied(path, "read", "outside the project");
        }
        return path;
    }

    private Path writable(Path path) throws IOException {
        Path real = Sandbox.real(delegate.toAbsolutePath(path));
        if (!sandbox.mayWrite(real)) {
            throw denied(path, "write", "outside the project's data folder");
        }
        return path;
    }

    private static AccessDeniedException denied(Path path, String what, String why) {
        LOG.log(System.Logger.Level.DEBUG, () -> "Guest code may not " + what + " " + path + " (" + why + ")");
        return new AccessDeniedException(path.toString(), null, why);
    }

    @Override
    public Path parsePath(URI uri) {
        return delegate.parsePath(uri);
    }

    @Override
    public Path parsePath(String path) {
        return delegate.parsePath(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
        delegate.checkAccess(modes.contains(AccessMode.WRITE) ? writable(path) : readable(path), modes, options);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        delegate.createDirectory(writable(dir), attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        delegate.delete(writable(path));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        boolean writes = options.stream().anyMatch(WRITES::contains);
        return delegate.newByteChannel(writes ? writable(path) : readable(path), options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        return delegate.newDirectoryStream(readable(dir), filter);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return delegate.toAbsolutePath(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... options) throws IOException {
        return delegate.toRealPath(readable(path), options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return delegate.readAttributes(readable(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        delegate.setAttribute(writable(path), attribute, value, options);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        delegate.copy(readable(source), writable(target), options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        delegate.move(writable(source), writable(target), options);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        delegate.createLink(writable(link), readable(existing));
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        delegate.createSymbolicLink(writable(link), target, attrs);
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        return delegate.readSymbolicLink(readable(link));
    }

    @Override
    public void setCurrentWorkingDirectory(Path currentWorkingDirectory) {
        delegate.setCurrentWorkingDirectory(currentWorkingDirectory);
    }

    @Override
    public boolean isSameFile(Path path1, Path path2, LinkOption... options) throws IOException {
        return delegate.isSameFile(readable(path1), readable(path2), options);
    }
}

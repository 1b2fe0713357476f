package dev.mxcp.host.engine;

import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.SiteConfig;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches the project's endpoint folders (and the folders their code lives in) while serving, and reloads
 * the runtime's endpoints a moment after files stop changing; whoever listens to the runtime's reloads (the
 * MCP server: {@code list_changed}) hears of it. A configuration reload that moves the folders ({@code paths} of
 * the site file) makes it watch the new ones too (the old ones stay watched: a change there reloads the same
 * endpoints).
 */
public final class EndpointWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EndpointWatcher.class.getName());
    private static final long QUIET_MILLIS = 250;

    private final WatchService watcher;
    private final Thread thread;
    /** The folders of the configuration last seen: changed by a reload's thread, read by the next. */
    private volatile List<Path> folders;
    private ProjectRuntime.Subscription reloads;

    private EndpointWatcher(WatchService watcher, ProjectRuntime runtime) {
        this.watcher = watcher;
        this.thread = Thread.ofPlatform().daemon().name("mxcp-endpoint-watcher").unstarted(() -> loop(runtime));
    }

    /**
     * Starts watching the project's endpoint and code folders (those that exist, recursively) and reloading
     * {@code runtime}'s endpoints when they change. Close it to stop.
     */
    public static EndpointWatcher start(ProjectRuntime runtime) throws IOException {
        WatchService watcher = FileSystems.getDefault().newWatchService();
        EndpointWatcher endpointWatcher = new EndpointWatcher(watcher, runtime);
        try {
            endpointWatcher.folders = folders(runtime.config());
            for (Path folder : endpointWatcher.folders) {
                register(watcher, folder);
            }
        } catch (IOException | RuntimeException e) {
            watcher.close();
            throw e;
        }
        endpointWatcher.reloads = runtime.onEndpointsReloaded((before, after) -> endpointWatcher.follow(runtime.config()));
        endpointWatcher.thread.start();
        return endpointWatcher;
    }

    /** After a reload: watches the folders of {@code config} if they moved. */
    private void follow(ProjectConfig config) {
        List<Path> now = folders(config);
        if (now.equals(folders)) {
            return;
        }
        folders = now;
        for (Path folder : now) {
            try {
                register(watcher, folder);
            } catch (IOException | ClosedWatchServiceException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot watch " + folder + ": " + e.getMessage());
            }
        }
    }

    private static List<Path> folders(ProjectConfig config) {
        SiteConfig.Paths paths = config.site().paths();
        Path root = config.root();
        return List.of(root.resolve(paths.tools()), root.resolve(paths.resources()), root.resolve(paths.prompts()),
                root.resolve(paths.sql()), root.resolve(paths.python()), root.resolve(paths.js()));
    }

    private static void register(WatchService watcher, Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(folder)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            }
        }
    }

    private void loop(ProjectRuntime runtime) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean changed = drainKey(key);
                // wait until things are quiet: editors write files in several steps
                WatchKey more;
                while ((more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    changed |= drainKey(more);
                }
                if (changed) {
                    try {
                        runtime.reloadEndpoints();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "Reloading endpoints failed: " + e.getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Handles one key's events, watching new subfolders too; true when anything changed. */
    private boolean drainKey(WatchKey key) {
        boolean changed = false;
        Path dir = (Path) key.watchable();
        for (var event : key.pollEvents()) {
            changed = true;
            if (event.context() instanceof Path name && event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                    && Files.isDirectory(dir.resolve(name))) {
                try {
                    register(watcher, dir.resolve(name));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Cannot watch " + dir.resolve(name), e);
                }
            }
        }
        key.reset();
        return changed;
    }

    /** Stops watching and waits for the watching thread to end (a reload under way finishes first). */
    @Override
    public void close() {
        reloads.close();
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing the watcher failed", e);
        }
        thread.interrupt();
        try {
            if (!thread.join(java.time.Duration.ofSeconds(10))) {
                LOG.log(System.Logger.Level.WARNING, "The endpoint watcher did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

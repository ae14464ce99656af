// Registry files of running clusters (owner JVM + postmaster pids) and the reaping of orphaned clusters.
package dev.switchboard.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * One {@code <id>.cluster} properties file per cluster in the clusters directory, naming the owning
 * JVM (pid and start time, so a reused pid is not mistaken for the owner), the base directory and each
 * node's data directory and postmaster pid. A JVM killed with SIGKILL runs no shutdown hook; the next
 * cluster start in any JVM finds its file, kills its postmasters and deletes its directories.
 */
final class ClusterRegistry {

    static final String SUFFIX = ".cluster";
    private static final System.Logger LOG = System.getLogger(ClusterRegistry.class.getName());

    private final Path file;

    ClusterRegistry(Path clustersDir, String clusterId) {
        this.file = clustersDir.resolve(clusterId + SUFFIX);
    }

    /** {@code ${java.io.tmpdir}/switchboard-clusters}, or a per-user sibling if that one is not writable. */
    static Path defaultClustersDir() {
        Path shared = Path.of(System.getProperty("java.io.tmpdir"), "switchboard-clusters").toAbsolutePath();
        try {
            Files.createDirectories(shared);
            if (Files.isWritable(shared)) {
                return shared;
            }
        } catch (AccessDeniedException e) {
            // Fall through to the per-user directory.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + shared, e);
        }
        Path own = shared.resolveSibling(shared.getFileName() + "-" + System.getProperty("user.name"));
        try {
            return Files.createDirectories(own);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + own, e);
        }
    }

    Path file() {
        return file;
    }

    /** Rewrites the file atomically with the current pids. */
    synchronized void write(Path baseDir, boolean deleteBaseDir, List<PgNode> nodes) {
        Properties p = new Properties();
        ProcessHandle self = ProcessHandle.current();
        p.setProperty("owner.pid", Long.toString(self.pid()));
        self.info().startInstant().ifPresent(t -> p.setProperty("owner.start", Long.toString(t.toEpochMilli())));
        p.setProperty("base.dir", baseDir.toString());
        p.setProperty("delete.base.dir", Boolean.toString(deleteBaseDir));
        for (int i = 0; i < nodes.size(); i++) {
            PgNode node = nodes.get(i);
            String key = "node." + i;
            p.setProperty(key + ".data", node.dataDir().toString());
            node.postmasterPid().ifPresent(pid -> p.setProperty(key + ".pid", Long.toString(pid)));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Switchboard embedded cluster; deleted when its owner closes it");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    synchronized void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + file, e);
        }
    }

    /** Kills and deletes every registered cluster whose owner JVM is gone. Never throws. */
    static void reapOrphans(Path clustersDir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(clustersDir, "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    reapIfOrphaned(f);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot reap orphaned cluster " + f, e);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list " + clustersDir, e);
        }
    }

    private static void reapIfOrphaned(Path f) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(in);
        }
        long owner = Long.parseLong(p.getProperty("owner.pid", "-1"));
        if (ownerAlive(owner, p.getProperty("owner.start"))) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "reaping cluster {0} left by dead JVM {1,number,#}", f, owner);
        for (int i = 0; p.getProperty("node." + i + ".data") != null; i++) {
            killIfPostgres(Long.parseLong(p.getProperty("node." + i + ".pid", "-1")));
            // The node may have been restarted after the registry was last written.
            Path pidFile = Path.of(p.getProperty("node." + i + ".data"), "postmaster.pid");
            if (Files.isReadable(pidFile)) {
                List<String> lines = Files.readAllLines(pidFile);
                if (!lines.isEmpty() && lines.get(0).trim().matches("\\d+")) {
                    killIfPostgres(Long.parseLong(lines.get(0).trim()));
                }
            }
        }
        if (Boolean.parseBoolean(p.getProperty("delete.base.dir"))) {
            FileTrees.deleteTree(Path.of(p.getProperty("base.dir")));
        }
        Files.deleteIfExists(f);
    }

    private static boolean ownerAlive(long pid, String startMillis) {
        if (!OsProcesses.isAlive(pid)) {
            return false;
        }
        if (startMillis == null) {
            return true;
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                .map(Instant::toEpochMilli).map(t -> t == Long.parseLong(startMillis)).orElse(true);
    }

    private static void killIfPostgres(long pid) {
        if (pid > 0 && OsProcesses.runs(pid, "postgres")) {
            OsProcesses.killTree(pid, Duration.ofSeconds(10));
        }
    }
}

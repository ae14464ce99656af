// ProcessTarget: a target served by a child process the bench started (Switchboard, PgBouncer).
package dev.switchboard.bench.targets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Port, pid, restart and stop of the child process; subclasses say how to start it and what to clean up. */
abstract class ProcessTarget implements Target {
    private final String name;
    private final int port;
    private final UnixSocket unixSocket;
    private final Duration restartTimeout;
    private ChildProcess process;
    private boolean closed;

    ProcessTarget(String name, int port, UnixSocket unixSocket, ChildProcess process, Duration restartTimeout) {
        this.name = name;
        this.port = port;
        this.unixSocket = unixSocket;
        this.process = process;
        this.restartTimeout = restartTimeout;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String host() {
        return "127.0.0.1";
    }

    @Override
    public final int port() {
        return port;
    }

    @Override
    public final UnixSocket unixSocket() {
        return unixSocket;
    }

    @Override
    public final synchronized OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public final synchronized void restart() {
        if (closed) {
            throw new IllegalStateException(name + " was stopped (the bench is shutting down)");
        }
        process = process.restart(restartTimeout);
    }

    @Override
    public final synchronized void close() {
        closed = true;
        process.close();
        afterClose();
    }

    /** What is left once the process is gone (e.g. its configuration directory). */
    void afterClose() {
    }

    /**
     * A fresh directory under java.io.tmpdir that every user may read and enter (a process started as another user
     * reads its files there), short enough for a Unix socket unless java.io.tmpdir is deep.
     */
    static Path worldReadableTempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory " + prefix + "...", e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: a leftover temp directory is harmless.
        }
    }
}

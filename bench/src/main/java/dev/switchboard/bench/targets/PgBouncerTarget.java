// PgBouncerTarget: PgBouncer started with a generated configuration, as nobody when the bench runs as root.
package dev.switchboard.bench.targets;

import dev.switchboard.bench.runner.BenchResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * PgBouncer refuses to run as root, so a root bench starts it through
 * {@code setpriv --reuid=nobody --regid=nogroup --clear-groups} (setpriv execs, so the pid is PgBouncer's)
 * with its files in a world-readable directory of its own.
 */
public final class PgBouncerTarget extends ProcessTarget {
    private final Path configDir;

    private PgBouncerTarget(int port, ChildProcess process, Path configDir) {
        super(BenchResults.PGBOUNCER, port, process, Duration.ofSeconds(30));
        this.configDir = configDir;
    }

    /** Writes the configuration, starts PgBouncer with its output in {@code logDir}/pgbouncer.log, waits for it. */
    public static PgBouncerTarget start(PgBouncerBinary binary, Path logDir, String pgHost, int pgPort,
                                        Credentials credentials, int poolSize, ClientTlsFiles tls) {
        int port = FreePort.find();
        Path configDir = worldReadableTempDir();
        try {
            Path userlist = configDir.resolve("userlist.txt");
            Path ini = configDir.resolve("pgbouncer.ini");
            writeReadable(userlist, PgBouncerIni.userlist(credentials));
            // Copies it can read when it runs as nobody; the key is a throwaway one.
            ClientTlsFiles readableTls = new ClientTlsFiles(configDir.resolve("server.crt"), configDir.resolve("server.key"));
            writeReadable(readableTls.certFile(), Files.readString(tls.certFile()));
            writeReadable(readableTls.keyFile(), Files.readString(tls.keyFile()));
            writeReadable(ini, PgBouncerIni.render(port, pgHost, pgPort, credentials, poolSize, userlist.toString(),
                    binary.supportsPreparedStatements(), readableTls));
            Files.copy(ini, logDir.resolve("pgbouncer.ini"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> command = new ArrayList<>();
            if (isRoot()) {
                command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
            }
            command.addAll(List.of(binary.path().toString(), ini.toString()));
            ChildProcess child = ChildProcess.start("PgBouncer", command, logDir.resolve("pgbouncer.log"),
                    "127.0.0.1", port, Duration.ofSeconds(30));
            return new PgBouncerTarget(port, child, configDir);
        } catch (IOException e) {
            deleteTree(configDir);
            throw new UncheckedIOException("cannot write PgBouncer's configuration in " + configDir, e);
        } catch (RuntimeException e) {
            deleteTree(configDir);
            throw e;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path worldReadableTempDir() {
        try {
            Path dir = Files.createTempDirectory("switchboard-bench-pgbouncer");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for PgBouncer's configuration", e);
        }
    }

    private static void writeReadable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: a leftover temp directory is harmless.
        }
    }

    @Override
    void afterClose() {
        deleteTree(configDir);
    }
}

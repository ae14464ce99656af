// PgBouncerTarget: PgBouncer started with a generated configuration, as PostgreSQL's user when the bench runs as root.
package dev.switchboard.bench.targets;

import dev.switchboard.bench.runner.BenchResults;
import dev.switchboard.embedded.PgOsUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * PgBouncer refuses to run as root, so a root bench starts it as the unprivileged user PostgreSQL runs as
 * ({@code setpriv}, which execs, so the pid is PgBouncer's): that user can enter PostgreSQL's private socket
 * directory. Its files are in a world-readable directory of its own, its Unix socket in a sub-directory it owns.
 */
public final class PgBouncerTarget extends ProcessTarget {
    private final Path configDir;

    private PgBouncerTarget(int port, UnixSocket socket, ChildProcess process, Path configDir) {
        super(BenchResults.PGBOUNCER, port, socket, process, Duration.ofSeconds(30));
        this.configDir = configDir;
    }

    /** Writes the configuration, starts PgBouncer with its output in {@code logDir}/pgbouncer.log, waits for it. */
    public static PgBouncerTarget start(PgBouncerBinary binary, Path logDir, String pgHost, int pgPort,
                                        Path pgSocketDir, Credentials credentials, int poolSize, ClientTlsFiles tls) {
        int port = FreePort.find();
        Path configDir = worldReadableTempDir("switchboard-bench-pgbouncer");
        PgOsUser user = PgOsUser.detect();
        try {
            Path socketDir = configDir.resolve("socket");
            UnixSocket socket = new UnixSocket(socketDir, port, credentials.unixDatabase());
            Files.createDirectory(socketDir);
            Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            user.own(socketDir);
            Path userlist = configDir.resolve("userlist.txt");
            Path ini = configDir.resolve("pgbouncer.ini");
            writeReadable(userlist, PgBouncerIni.userlist(credentials));
            // Copies it can read when it runs as another user; the key is a throwaway one.
            ClientTlsFiles readableTls = new ClientTlsFiles(configDir.resolve("server.crt"), configDir.resolve("server.key"));
            writeReadable(readableTls.certFile(), Files.readString(tls.certFile()));
            writeReadable(readableTls.keyFile(), Files.readString(tls.keyFile()));
            writeReadable(ini, PgBouncerIni.render(port, socketDir, pgHost, pgPort, pgSocketDir, credentials, poolSize,
                    userlist.toString(), binary.supportsPreparedStatements(), readableTls));
            Files.copy(ini, logDir.resolve("pgbouncer.ini"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            // Unchanged when the bench is not root: PgBouncer then runs as the bench's user, as PostgreSQL does.
            List<String> command = user.wrap(List.of(binary.path().toString(), ini.toString()));
            ChildProcess child = ChildProcess.start("PgBouncer", command, logDir.resolve("pgbouncer.log"),
                    "127.0.0.1", port, Duration.ofSeconds(30));
            return new PgBouncerTarget(port, socket, child, configDir);
        } catch (IOException e) {
            deleteTree(configDir);
            throw new UncheckedIOException("cannot write PgBouncer's configuration in " + configDir, e);
        } catch (RuntimeException e) {
            deleteTree(configDir);
            throw e;
        }
    }

    private static void writeReadable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Override
    void afterClose() {
        deleteTree(configDir);
    }
}

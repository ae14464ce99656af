// UnixSocket: where a target accepts clients on a Unix socket, and the database they ask for there.
package dev.switchboard.bench.targets;

import dev.switchboard.config.NodeAddress;
import java.nio.file.Path;

/**
 * The socket {@code <dir>/.s.PGSQL.<port>}; as with libpq, a client gives the directory as its host.
 *
 * @param database for the poolers {@link Credentials#unixDatabase()}, whose pool reaches PostgreSQL over its Unix
 *                 socket too; for PostgreSQL itself the bench database
 */
public record UnixSocket(Path dir, int port, String database) {

    public UnixSocket {
        checkLength(dir, port);
    }

    /** Fails when the socket path would not fit in {@code sun_path}, before anything tries to bind it. */
    static void checkLength(Path dir, int port) {
        String problem = NodeAddress.socketPathProblem(NodeAddress.socketFile(dir.toString(), port));
        if (problem != null) {
            throw new IllegalStateException(problem + "; run the bench with a shorter java.io.tmpdir "
                    + "(SWITCHBOARD_BENCH_JAVA_OPTS=-Djava.io.tmpdir=/tmp)");
        }
    }
}

// Where the proxy accepts client connections.
package dev.switchboard.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Client-facing listener.
 *
 * @param address              address to bind (host name or IP literal); default {@value #DEFAULT_ADDRESS}
 * @param port                 TCP port; default {@value #DEFAULT_PORT}; 0 asks the OS for a free port (tests)
 * @param unixSocketDir        nullable; when set the proxy also listens on {@code <dir>/.s.PGSQL.<port>}
 * @param maxClientConnections client connections accepted at once; default {@value #DEFAULT_MAX_CLIENT_CONNECTIONS}
 */
public record ListenConfig(String address, int port, Path unixSocketDir, int maxClientConnections) {

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 6432;
    public static final int DEFAULT_MAX_CLIENT_CONNECTIONS = 10_000;

    public ListenConfig {
        Objects.requireNonNull(address, "address");
    }

    /** All defaults, no Unix socket. */
    public static ListenConfig defaults() {
        return new ListenConfig(DEFAULT_ADDRESS, DEFAULT_PORT, null, DEFAULT_MAX_CLIENT_CONNECTIONS);
    }

    /** The Unix socket file for this port, as libpq expects it; null when no socket directory is set. */
    public Path unixSocketPath() {
        return unixSocketDir == null ? null : unixSocketDir.resolve(".s.PGSQL." + port);
    }
}

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
 * @param handoffSocket        nullable: the Unix socket a successor process takes this one's clients over from;
 *                             null = the default of {@link #handoffSocketPath()}
 * @param reusePort            SO_REUSEPORT on the TCP listener: several instances on one machine share the port and
 *                             the kernel spreads new connections among them
 */
public record ListenConfig(String address, int port, Path unixSocketDir, int maxClientConnections,
                           Path handoffSocket, boolean reusePort) {

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 6432;
    public static final int DEFAULT_MAX_CLIENT_CONNECTIONS = 10_000;

    public ListenConfig {
        Objects.requireNonNull(address, "address");
    }

    /** A listener with the default handoff socket, not sharing its port. */
    public ListenConfig(String address, int port, Path unixSocketDir, int maxClientConnections) {
        this(address, port, unixSocketDir, maxClientConnections, null, false);
    }

    /** All defaults, no Unix socket. */
    public static ListenConfig defaults() {
        return new ListenConfig(DEFAULT_ADDRESS, DEFAULT_PORT, null, DEFAULT_MAX_CLIENT_CONNECTIONS);
    }

    /** The Unix socket file for this port, as libpq expects it; null when no socket directory is set. */
    public Path unixSocketPath() {
        return unixSocketDir == null ? null : unixSocketDir.resolve(".s.PGSQL." + port);
    }

    /**
     * Where a successor process asks for this one's listeners and clients: {@code handoff_socket} when set, else
     * {@code .s.switchboard.<port>} in the Unix socket directory or, without one, in the temporary directory, so
     * that a plain configuration can be upgraded. Null when the port is 0 (any free port: no name to agree on).
     */
    public Path handoffSocketPath() {
        if (handoffSocket != null) {
            return handoffSocket;
        }
        if (port == 0) {
            return null;
        }
        Path dir = unixSocketDir != null ? unixSocketDir : Path.of(System.getProperty("java.io.tmpdir"));
        return dir.resolve(".s.switchboard." + port);
    }
}

// MonitorSocket: the byte stream of a monitor's session, over TCP or a node's Unix socket, each read bounded in time.
package dev.switchboard.topology.monitor;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * What {@link MonitorConnection} needs of a socket: streams, and a bound on each read that ends it with a
 * {@link java.net.SocketTimeoutException}. {@link #close()} may be called from another thread and ends a read
 * that is waiting.
 */
interface MonitorSocket extends Closeable {

    InputStream input();

    OutputStream output();

    /** Bounds every following read (and write that has to wait) to {@code millis}, at least 1. */
    void timeout(int millis) throws IOException;

    /**
     * Connects to a node: its Unix socket when {@code host} is a directory (as libpq decides), else TCP.
     *
     * @throws IOException when the node cannot be reached within {@code timeoutMillis}
     */
    static MonitorSocket connect(String host, int port, int timeoutMillis) throws IOException {
        if (host.startsWith("/")) {
            return UnixMonitorSocket.connect(Path.of(host, ".s.PGSQL." + port), timeoutMillis);
        }
        return TcpMonitorSocket.connect(host, port, timeoutMillis);
    }
}

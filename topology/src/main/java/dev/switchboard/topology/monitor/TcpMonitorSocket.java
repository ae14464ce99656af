// TcpMonitorSocket: a monitor's session over TCP, with the socket's own read timeout.
package dev.switchboard.topology.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A plain blocking TCP socket; reads are bounded by SO_TIMEOUT. */
final class TcpMonitorSocket implements MonitorSocket {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TcpMonitorSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static TcpMonitorSocket connect(String host, int port, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            // The server's half of a connection that vanished silently is found by keepalive; ours by timeouts.
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return new TcpMonitorSocket(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

// SlowReadingSocketFactory: pgJDBC sockets that read slowly, so the proxy meets a client that cannot keep up.
package dev.switchboard.proxy.it.stress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.locks.LockSupport;
import javax.net.SocketFactory;

/**
 * Named in pgJDBC's {@code socketFactory} property. A small receive buffer and a pause after every
 * read of up to 8 KiB make a large reply back up into the proxy: its writes to the client stop being
 * possible for a while, which is exactly when it must stop reading from the server and resume later.
 */
public final class SlowReadingSocketFactory extends SocketFactory {
    private static final int RECEIVE_BUFFER = 8192;
    private static final long PAUSE_NANOS = 2_000_000;

    public SlowReadingSocketFactory() {
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new SlowSocket();
        socket.setReceiveBufferSize(RECEIVE_BUFFER);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new UnsupportedOperationException("pgJDBC creates unconnected sockets");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException("pgJDBC creates unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException("pgJDBC creates unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException("pgJDBC creates unconnected sockets");
    }

    private static final class SlowSocket extends Socket {
        private InputStream slow;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (slow == null) {
                slow = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, Math.min(len, RECEIVE_BUFFER));
                        LockSupport.parkNanos(PAUSE_NANOS);
                        return n;
                    }
                };
            }
            return slow;
        }
    }
}

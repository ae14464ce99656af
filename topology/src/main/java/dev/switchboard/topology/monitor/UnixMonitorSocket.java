// UnixMonitorSocket: a monitor's session over a node's Unix socket, reads bounded with a selector.
package dev.switchboard.topology.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A non-blocking Unix-domain {@link SocketChannel}: the JDK has no read timeout for one, so a read that finds
 * nothing waits on a selector for at most the timeout.
 */
final class UnixMonitorSocket implements MonitorSocket {
    private final SocketChannel channel;
    private final Selector selector;
    private final InputStream in = new Input();
    private final OutputStream out = new Output();
    private volatile int timeoutMillis;

    private UnixMonitorSocket(SocketChannel channel, Selector selector, int timeoutMillis) {
        this.channel = channel;
        this.selector = selector;
        this.timeoutMillis = timeoutMillis;
    }

    static UnixMonitorSocket connect(Path socket, int timeoutMillis) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            selector = Selector.open();
            UnixMonitorSocket result = new UnixMonitorSocket(channel, selector, Math.max(1, timeoutMillis));
            if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                result.await(SelectionKey.OP_CONNECT, "connect timed out");
                channel.finishConnect();
            }
            return result;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
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
    public void timeout(int millis) {
        timeoutMillis = Math.max(1, millis);
    }

    /** Closes the channel and wakes a read waiting on it, which then fails as on a closed socket. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            selector.close(); // wakes a thread selecting on it
        }
    }

    /** Waits until the channel is ready for {@code operation}, at most the timeout. */
    private void await(int operation, String timedOut) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            SelectionKey key = channel.register(selector, operation);
            try {
                for (;;) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        throw new SocketTimeoutException(timedOut);
                    }
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
                    if (!channel.isOpen() || !selector.isOpen()) {
                        throw new SocketException("Socket closed");
                    }
                    // A key's ready set stays as the last selection that chose it left it: only a key chosen
                    // now says anything about now.
                    if (selector.selectedKeys().contains(key) && (key.readyOps() & operation) != 0) {
                        return;
                    }
                }
            } finally {
                if (key.isValid()) {
                    key.interestOps(0);
                }
                selector.selectedKeys().clear();
            }
        } catch (ClosedSelectorException e) {
            throw new SocketException("Socket closed");
        }
    }

    private final class Input extends InputStream {
        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            ByteBuffer target = ByteBuffer.wrap(bytes, offset, length);
            for (;;) {
                int n = channel.read(target);
                if (n != 0) {
                    return n;
                }
                await(SelectionKey.OP_READ, "Read timed out");
            }
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer source = ByteBuffer.wrap(bytes, offset, length);
            while (source.hasRemaining()) {
                if (channel.write(source) == 0) {
                    await(SelectionKey.OP_WRITE, "Write timed out");
                }
            }
        }
    }
}

// UnixMonitorSocketTest: reads on a Unix socket end at their limit, at the data, at the end of the stream, or at close.
package dev.switchboard.topology.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixMonitorSocketTest {
    private static final int PORT = 5432;

    @TempDir
    Path dir;
    private ServerSocketChannel listener;
    private MonitorSocket socket;
    private SocketChannel server;

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(dir.resolve(".s.PGSQL." + PORT)));
        socket = MonitorSocket.connect(dir.toString(), PORT, 10_000);
        server = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        socket.close();
        server.close();
        listener.close();
    }

    /** Each read has its own limit, also after reads that found their data by waiting for it. */
    @Test
    void aReadWithNothingToReadEndsAtItsLimitAfterReadsThatWaited() throws Exception {
        for (int i = 0; i < 3; i++) {
            socket.timeout(10_000);
            byte value = (byte) (i + 1);
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(this::readOne);
            Thread.sleep(50); // the read is waiting on its selector when the byte comes
            server.write(ByteBuffer.wrap(new byte[] {value}));
            assertEquals(value, read.get(60, TimeUnit.SECONDS));
        }
        socket.timeout(100);
        CompletableFuture<Integer> nothing = CompletableFuture.supplyAsync(this::readOne);
        ExecutionException timedOut = assertThrows(ExecutionException.class, () -> nothing.get(60, TimeUnit.SECONDS));
        assertTrue(timedOut.getCause().getCause() instanceof SocketTimeoutException, timedOut.toString());
        server.write(ByteBuffer.wrap(new byte[] {9}));
        assertEquals(9, socket.input().read(), "the stream is usable after a read that timed out");
    }

    @Test
    void theEndOfTheStreamIsMinusOne() throws IOException {
        socket.output().write(new byte[] {1, 2, 3});
        ByteBuffer received = ByteBuffer.allocate(3);
        while (received.hasRemaining()) {
            server.read(received);
        }
        server.close();
        assertEquals(-1, socket.input().read());
    }

    @Test
    void closingFromAnotherThreadEndsAWaitingRead() throws Exception {
        socket.timeout(600_000);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(this::readOne);
        Thread.sleep(100);
        socket.close();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> read.get(60, TimeUnit.SECONDS));
        assertTrue(failed.getCause().getCause() instanceof SocketException, failed.toString());
    }

    @Test
    void aMissingSocketCannotBeReached() {
        assertThrows(IOException.class, () -> MonitorSocket.connect(dir.toString(), PORT + 1, 1_000));
    }

    private int readOne() {
        try {
            return socket.input().read();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

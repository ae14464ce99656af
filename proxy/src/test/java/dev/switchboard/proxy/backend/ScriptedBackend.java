// ScriptedBackend: a one-connection fake PostgreSQL server playing a scripted login, for backend startup tests.
package dev.switchboard.proxy.backend;

import dev.switchboard.protocol.Encodable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Accepts one connection on 127.0.0.1 and runs a script against it on its own thread: expect this message,
 * answer with those. {@link #awaitScript()} rethrows what failed inside the script, so its assertions count.
 */
final class ScriptedBackend implements AutoCloseable {

    /** The server side of a conversation. */
    interface Script {
        void play(Peer peer) throws Exception;
    }

    private final ServerSocket listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private ScriptedBackend(Script script) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                script.play(new Peer(socket));
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "scripted-backend");
        thread.setDaemon(true);
        thread.start();
    }

    static ScriptedBackend start(Script script) throws IOException {
        return new ScriptedBackend(script);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Waits for the script to end and rethrows its failure. */
    void awaitScript() throws Exception {
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    /** The accepted connection, as the script sees it. */
    static final class Peer {
        private final DataInputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Reads the StartupMessage (any version) and discards it. */
        void readStartup() throws IOException {
            in.readFully(new byte[in.readInt() - 4]);
        }

        /** Reads one typed message of {@code type} and returns its body. */
        byte[] expect(char type) throws IOException {
            int received = in.read();
            if (received < 0) {
                throw new EOFException("client closed the connection, expected '" + type + "'");
            }
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            if (received != type) {
                throw new AssertionError("expected '" + type + "' but the client sent '" + (char) received + "'");
            }
            return body;
        }

        /**
         * True when the client closes the connection without sending anything more. A client that closes with
         * some of our messages still unread makes its TCP stack answer with a reset, which counts as closing.
         */
        boolean readsClose() throws IOException {
            try {
                return in.read() < 0;
            } catch (SocketException e) {
                return true;
            }
        }

        void send(Encodable... messages) throws IOException {
            ByteBuf buffer = Unpooled.buffer();
            try {
                for (Encodable message : messages) {
                    message.encode(buffer);
                }
                out.write(ByteBufUtil.getBytes(buffer));
                out.flush();
            } finally {
                buffer.release();
            }
        }
    }
}

// ScriptedServer: a one-connection fake PostgreSQL server that plays a scripted conversation, for monitor tests.
package dev.switchboard.topology.monitor;

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
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Accepts one connection on 127.0.0.1 and runs a script against it on its own thread: expect this message,
 * answer with those. {@link #awaitScript()} rethrows what failed inside the script, so its assertions count.
 */
final class ScriptedServer implements AutoCloseable {

    /** The server side of a conversation. */
    interface Script {
        void play(Peer peer) throws Exception;
    }

    /** One message from the client: its type byte and body. */
    record Received(char type, byte[] body) {
        String text() {
            int end = body.length > 0 && body[body.length - 1] == 0 ? body.length - 1 : body.length;
            return new String(body, 0, end, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Lets a script hold the connection open (a hung server) until the test is over. */
    private final CountDownLatch released = new CountDownLatch(1);

    private ScriptedServer(Script script) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                script.play(new Peer(socket));
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }

    static ScriptedServer start(Script script) throws IOException {
        return new ScriptedServer(script);
    }

    String host() {
        return "127.0.0.1";
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
        released.countDown();
        listener.close();
    }

    /** The accepted connection, as the script sees it. */
    final class Peer {
        private final DataInputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Reads the StartupMessage; returns its parameters after checking it asks for protocol 3.0. */
        Map<String, String> readStartup() throws IOException {
            int length = in.readInt();
            int version = in.readInt();
            if (version != 3 << 16) {
                throw new AssertionError("startup asks for protocol code " + version);
            }
            byte[] body = new byte[length - 8];
            in.readFully(body);
            Map<String, String> parameters = new LinkedHashMap<>();
            String[] parts = new String(body, StandardCharsets.UTF_8).split("\0");
            for (int i = 0; i + 1 < parts.length; i += 2) {
                parameters.put(parts[i], parts[i + 1]);
            }
            return parameters;
        }

        /** Reads one typed message. */
        Received read() throws IOException {
            int type = in.read();
            if (type < 0) {
                throw new EOFException("client closed the connection");
            }
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            return new Received((char) type, body);
        }

        /** Reads one typed message and checks its type. */
        Received expect(char type) throws IOException {
            Received received = read();
            if (received.type() != type) {
                throw new AssertionError("expected '" + type + "' but the client sent '" + received.type() + "'");
            }
            return received;
        }

        /** True when the client closes the connection without sending anything more. */
        boolean readsEndOfStream() throws IOException {
            return in.read() < 0;
        }

        void send(Encodable... messages) throws IOException {
            ByteBuf buffer = Unpooled.buffer();
            try {
                for (Encodable message : messages) {
                    message.encode(buffer);
                }
                sendRaw(ByteBufUtil.getBytes(buffer));
            } finally {
                buffer.release();
            }
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Blocks until the test closes the server: a peer that never answers. */
        void hang() throws InterruptedException {
            released.await(60, TimeUnit.SECONDS);
        }
    }
}

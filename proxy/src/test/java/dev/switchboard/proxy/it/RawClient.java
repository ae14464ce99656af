// RawClient: a blocking socket that sends hand-made protocol bytes and reads what the server answers, for wire-level tests.
package dev.switchboard.proxy.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Only for bytes no real client would send (garbage, bad lengths, stalls) or for timing no driver lets a
 * test choose (the rest of a request in a later TCP segment). Every read has a timeout, so a server that
 * neither answers nor closes fails the test instead of hanging it.
 */
public final class RawClient implements AutoCloseable {
    /** Protocol 3.0 as the Int32 of a StartupMessage. */
    public static final int V3_0 = 196608;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        return new RawClient(socket);
    }

    /** A client whose socket takes at most about {@code receiveBuffer} bytes that it has not read. */
    public static RawClient connectWithReceiveBuffer(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer); // before connect: it sets the window the peer is offered
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        return new RawClient(socket);
    }

    public static RawClient connect(int port) throws IOException {
        return connect("127.0.0.1", port);
    }

    /** One message from the server: type byte and body. */
    public record Message(char type, byte[] body) {
        public boolean isError() {
            return type == 'E';
        }

        /** The fields of an ErrorResponse or NoticeResponse, by field code. */
        public Map<Character, String> fields() {
            Map<Character, String> fields = new LinkedHashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char code = (char) body[i++];
                int end = i;
                while (end < body.length && body[end] != 0) {
                    end++;
                }
                fields.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
                i = end + 1;
            }
            return fields;
        }

        public String sqlState() {
            return fields().get('C');
        }

        public String severity() {
            return fields().getOrDefault('V', fields().get('S'));
        }

        public String text() {
            return fields().get('M');
        }

        /** A DataRow's columns as text (null for SQL NULL). */
        public List<String> columns() {
            ByteBuffer b = ByteBuffer.wrap(body);
            int count = b.getShort();
            List<String> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = b.getInt();
                if (length < 0) {
                    values.add(null);
                } else {
                    values.add(new String(body, b.position(), length, StandardCharsets.UTF_8));
                    b.position(b.position() + length);
                }
            }
            return values;
        }

        @Override
        public String toString() {
            return isError() ? "ErrorResponse" + fields() : "Message('" + type + "', " + body.length + " bytes)";
        }
    }

    /** What the server did until it closed the connection: the messages before, and how it closed. */
    public record Ending(List<Message> messages, String how) {
        /** The first ErrorResponse, or null if the server closed without one. */
        public Message error() {
            return messages.stream().filter(Message::isError).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return (messages.isEmpty() ? "no reply" : messages.toString()) + ", then " + how;
        }
    }

    /** Writes the messages in one write, so they leave together. */
    public void send(byte[]... messages) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            all.write(message);
        }
        out.write(all.toByteArray());
        out.flush();
    }

    /** Reads messages up to and including ReadyForQuery; fails when none completes within {@code timeout}. */
    public List<Message> readUntilReady(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return readUntil('Z');
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no ReadyForQuery within " + timeout, e);
        }
    }

    /**
     * Waits until the server end of this connection has read everything sent so far, from the kernel's socket
     * table (Linux /proc/net/tcp, or tcp6 for a dual-stack socket): first until the server acknowledged every
     * byte (this socket's send queue is empty), then until the server's receive queue is empty. A netty server
     * decodes and handles what it read in the same event-loop task, so after this the server has acted on it.
     */
    public void awaitReadByServer(Duration timeout) throws IOException, InterruptedException {
        String serverPort = String.format(":%04X", socket.getPort());
        String clientPort = String.format(":%04X", socket.getLocalPort());
        Await.until("the server reading what was sent", timeout,
                () -> queues(clientPort, serverPort)[0] == 0 && queues(serverPort, clientPort)[1] == 0);
    }

    /** Bytes waiting unread in the receive queue of the local TCP socket {@code localPort} connected from {@code remotePort}. */
    public static long receiveQueue(int localPort, int remotePort) throws IOException {
        return queues(String.format(":%04X", localPort), String.format(":%04X", remotePort))[1];
    }

    /** {send queue, receive queue} of the TCP socket with these local and remote ports ("{@code :HHHH}"). */
    private static long[] queues(String localPort, String remotePort) throws IOException {
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 4 && fields[1].endsWith(localPort) && fields[2].endsWith(remotePort)) {
                    String[] txRx = fields[4].split(":");
                    return new long[] {Long.parseLong(txRx[0], 16), Long.parseLong(txRx[1], 16)};
                }
            }
        }
        throw new IOException("no socket " + localPort + " <- " + remotePort + " in /proc/net/tcp or tcp6");
    }

    /** Reads one message; null when the server closed the connection (EOF or reset) before a whole one came. */
    public Message read() throws IOException {
        try {
            byte type = in.readByte();
            int length = in.readInt();
            if (length < 4) {
                throw new IOException("server sent message '" + (char) type + "' with length " + length);
            }
            byte[] body = new byte[length - 4];
            in.readFully(body);
            return new Message((char) type, body);
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException e) {
            return null; // reset by peer: closed as well
        }
    }

    /** Reads until the server closes the connection, which must happen within {@code timeout}. */
    public Ending awaitClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Message> messages = new ArrayList<>();
        for (;;) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            Message m;
            try {
                m = read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("connection still open after " + timeout + "; received so far: " + messages);
            }
            if (m == null) {
                return new Ending(messages, "closed");
            }
            messages.add(m);
        }
    }

    /** Reads messages up to and including the first of {@code type}; fails if the server closes first. */
    public List<Message> readUntil(char type) throws IOException {
        List<Message> messages = new ArrayList<>();
        for (;;) {
            Message m = read();
            if (m == null) {
                throw new AssertionError("server closed the connection while waiting for '" + type + "'; got " + messages);
            }
            messages.add(m);
            if (m.type() == type) {
                return messages;
            }
        }
    }

    /** Completes a trust login (StartupMessage 3.0, then everything up to ReadyForQuery). */
    public void login(String user, String database) throws IOException {
        send(startupPacket(Map.of("user", user, "database", database)));
        List<Message> messages = readUntil('Z');
        for (Message m : messages) {
            if (m.isError()) {
                throw new AssertionError("login as " + user + " failed: " + m);
            }
        }
    }

    /** A simple query; returns every message up to ReadyForQuery. */
    public List<Message> query(String sql) throws IOException {
        send(queryMessage(sql));
        return readUntil('Z');
    }

    /** A simple Query message. */
    public static byte[] queryMessage(String sql) {
        return typed('Q', cstring(sql));
    }

    /** Parse of the unnamed statement, no parameter types. */
    public static byte[] parse(String sql) {
        return typed('P', concat(cstring(""), cstring(sql), new byte[] {0, 0}));
    }

    /** Parse of a named statement ({@code ""} for the unnamed one), no parameter types. */
    public static byte[] parse(String statement, String sql) {
        return typed('P', concat(cstring(statement), cstring(sql), new byte[] {0, 0}));
    }

    /** Bind of the unnamed statement to the unnamed portal: no parameters, text results. */
    public static byte[] bind() {
        return bind("");
    }

    /** Bind of a statement to the unnamed portal: no parameters, text results. */
    public static byte[] bind(String statement) {
        return typed('B', concat(cstring(""), cstring(statement), new byte[] {0, 0, 0, 0, 0, 0}));
    }

    /** Close of a named statement. */
    public static byte[] closeStatement(String statement) {
        return typed('C', concat(new byte[] {'S'}, cstring(statement)));
    }

    public static byte[] describePortal() {
        return typed('D', concat(new byte[] {'P'}, cstring("")));
    }

    public static byte[] execute() {
        return typed('E', concat(cstring(""), new byte[] {0, 0, 0, 0}));
    }

    public static byte[] sync() {
        return typed('S', new byte[0]);
    }

    private static byte[] cstring(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** A StartupMessage for protocol 3.0 with these parameters. */
    public static byte[] startupPacket(Map<String, String> parameters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeInt(body, V3_0);
        parameters.forEach((k, v) -> {
            body.writeBytes((k + "\0" + v + "\0").getBytes(StandardCharsets.UTF_8));
        });
        body.write(0);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        writeInt(packet, body.size() + 4);
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    /** A typed message with a correct length field. */
    public static byte[] typed(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(body.length + 4).put(body).array();
    }

    /** Just a message header: a type byte and an arbitrary length field, no body. */
    public static byte[] header(char type, int length) {
        return ByteBuffer.allocate(5).put((byte) type).putInt(length).array();
    }

    /** Just the Int32 length field that starts a startup packet. */
    public static byte[] int32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(int32(value));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

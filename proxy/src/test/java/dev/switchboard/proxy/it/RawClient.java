// RawClient: a blocking socket that sends hand-made protocol bytes and reads what the server answers, for malformed-input tests.
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
 * Only for bytes no real client would send (garbage, bad lengths, stalls). Every read has a timeout, so
 * a server that neither answers nor closes fails the test instead of hanging it.
 */
final class RawClient implements AutoCloseable {
    /** Protocol 3.0 as the Int32 of a StartupMessage. */
    static final int V3_0 = 196608;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawClient connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        return new RawClient(socket);
    }

    static RawClient connect(int port) throws IOException {
        return connect("127.0.0.1", port);
    }

    /** One message from the server: type byte and body. */
    record Message(char type, byte[] body) {
        boolean isError() {
            return type == 'E';
        }

        /** The fields of an ErrorResponse or NoticeResponse, by field code. */
        Map<Character, String> fields() {
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

        String sqlState() {
            return fields().get('C');
        }

        String severity() {
            return fields().getOrDefault('V', fields().get('S'));
        }

        String text() {
            return fields().get('M');
        }

        @Override
        public String toString() {
            return isError() ? "ErrorResponse" + fields() : "Message('" + type + "', " + body.length + " bytes)";
        }
    }

    /** What the server did until it closed the connection: the messages before, and how it closed. */
    record Ending(List<Message> messages, String how) {
        /** The first ErrorResponse, or null if the server closed without one. */
        Message error() {
            return messages.stream().filter(Message::isError).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return (messages.isEmpty() ? "no reply" : messages.toString()) + ", then " + how;
        }
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one message; null when the server closed the connection (EOF or reset) before a whole one came. */
    Message read() throws IOException {
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
    Ending awaitClose(Duration timeout) throws IOException {
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
    List<Message> readUntil(char type) throws IOException {
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
    void login(String user, String database) throws IOException {
        send(startupPacket(Map.of("user", user, "database", database)));
        List<Message> messages = readUntil('Z');
        for (Message m : messages) {
            if (m.isError()) {
                throw new AssertionError("login as " + user + " failed: " + m);
            }
        }
    }

    /** A simple query; returns every message up to ReadyForQuery. */
    List<Message> query(String sql) throws IOException {
        byte[] text = (sql + "\0").getBytes(StandardCharsets.UTF_8);
        send(typed('Q', text));
        return readUntil('Z');
    }

    /** A StartupMessage for protocol 3.0 with these parameters. */
    static byte[] startupPacket(Map<String, String> parameters) {
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
    static byte[] typed(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(body.length + 4).put(body).array();
    }

    /** Just a message header: a type byte and an arbitrary length field, no body. */
    static byte[] header(char type, int length) {
        return ByteBuffer.allocate(5).put((byte) type).putInt(length).array();
    }

    /** Just the Int32 length field that starts a startup packet. */
    static byte[] int32(int value) {
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

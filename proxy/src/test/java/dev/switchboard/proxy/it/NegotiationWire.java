// NegotiationWire: a raw socket speaking pre-startup packets, for what no real client sends (grease, other majors).
package dev.switchboard.proxy.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One TCP connection to the proxy or to PostgreSQL; reads time out so a silent peer fails the test. */
final class NegotiationWire implements AutoCloseable {
    static final int SSL_REQUEST = 80877103;
    static final int GSSENC_REQUEST = 80877104;
    static final int V3_0 = 196608;
    static final int V3_2 = 196610;
    static final int GREASE = 206607;

    /** A backend message as read: its type and its body (without type byte and length). */
    record Message(char type, byte[] body) {
        /** The whole message as on the wire, for byte-for-byte comparison. */
        byte[] wire() {
            return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
        }

        int int32(int offset) {
            return ByteBuffer.wrap(body).getInt(offset);
        }

        @Override
        public String toString() {
            return type + " " + HexFormat.ofDelimiter(" ").formatHex(body);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    NegotiationWire(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects to "host:port". */
    static NegotiationWire to(String hostAndPort) throws IOException {
        int colon = hostAndPort.lastIndexOf(':');
        return new NegotiationWire(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }

    /** A StartupMessage with the given version and parameters (in order). */
    static byte[] startup(int version, Map<String, String> parameters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            body.writeBytes(p.getKey().getBytes(StandardCharsets.UTF_8));
            body.write(0);
            body.writeBytes(p.getValue().getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        return ByteBuffer.allocate(8 + body.size()).putInt(8 + body.size()).putInt(version).put(body.toByteArray()).array();
    }

    /** user app_scram, database app, then {@code extra} name/value pairs. */
    static byte[] startup(int version, String... extra) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "app_scram");
        parameters.put("database", "app");
        for (int i = 0; i < extra.length; i += 2) {
            parameters.put(extra[i], extra[i + 1]);
        }
        return startup(version, parameters);
    }

    /** An 8-byte request packet: SSLRequest or GSSENCRequest. */
    static byte[] request(int code) {
        return ByteBuffer.allocate(8).putInt(8).putInt(code).array();
    }

    void send(byte[] packet) throws IOException {
        out.write(packet);
        out.flush();
    }

    /** One byte, as the answer to SSLRequest or GSSENCRequest. */
    char readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed instead of a one-byte answer");
        }
        return (char) b;
    }

    Message readMessage() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        if (length < 4 || length > 1 << 20) {
            throw new IOException("implausible message length " + length + " for type " + type);
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    /** Everything the peer sends until it closes the connection. */
    byte[] readUntilClosed() throws IOException {
        return in.readAllBytes();
    }

    /** True when the peer closed the connection (without sending anything more) before the read timeout. */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** NegotiateProtocolVersion's option names. */
    static List<String> negotiatedOptions(Message v) {
        ByteBuffer body = ByteBuffer.wrap(v.body());
        body.getInt();
        int n = body.getInt();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(cstring(body));
        }
        return names;
    }

    /** ErrorResponse fields by code (S, V, C, M, ...). */
    static Map<Character, String> errorFields(Message e) {
        ByteBuffer body = ByteBuffer.wrap(e.body());
        Map<Character, String> fields = new LinkedHashMap<>();
        for (byte code = body.get(); code != 0; code = body.get()) {
            fields.put((char) code, cstring(body));
        }
        return fields;
    }

    private static String cstring(ByteBuffer buf) {
        int start = buf.position();
        while (buf.get() != 0) {
            // scan to the terminator
        }
        return new String(buf.array(), start, buf.position() - start - 1, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

// A tiny PostgreSQL v3 simple-query client over a JDK socket, for controlling embedded nodes (trust auth only).
package dev.switchboard.embedded;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal simple-query client: enough to run SQL as a superuser on a node that trusts local TCP
 * connections. Not thread safe; one instance is one session. Every query's text values are returned
 * as strings, SQL NULL as {@code null}.
 */
public final class MiniPgClient implements AutoCloseable {

    private static final int PROTOCOL_3_0 = 196608;
    private static final int MAX_MESSAGE = 64 * 1024 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private MiniPgClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /**
     * Connects and completes the startup phase.
     *
     * @throws IOException if the TCP connection fails or the server closes it
     * @throws PgException if the server refuses the session (e.g. 57P03 while starting up) or asks for a
     *                     password (only trust is supported)
     */
    public static MiniPgClient connect(String host, int port, String user, String database, int timeoutMillis)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            MiniPgClient client = new MiniPgClient(socket);
            client.startup(user, database);
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void startup(String user, String database) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeInt(body, PROTOCOL_3_0);
        for (String s : new String[] {"user", user, "database", database,
                "client_encoding", "UTF8", "application_name", "switchboard-embedded"}) {
            writeCString(body, s);
        }
        body.write(0);
        // The StartupMessage has no type byte: the length counts itself.
        byte[] bytes = body.toByteArray();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        writeInt(packet, bytes.length + 4);
        packet.write(bytes);
        out.write(packet.toByteArray());
        out.flush();
        PgException error = null;
        for (;;) {
            int type = in.readUnsignedByte();
            byte[] msg = readBody();
            switch (type) {
                case 'R' -> {
                    int code = readInt(msg, 0);
                    if (code != 0) {
                        throw new PgException("FATAL", "28000", "the server asked for authentication method "
                                + code + " but the embedded client supports only trust authentication;"
                                + " add a 'trust' line for this user to pg_hba.conf", null);
                    }
                }
                case 'E' -> error = parseError(msg);
                case 'Z' -> {
                    if (error != null) {
                        throw error;
                    }
                    return;
                }
                default -> { } // ParameterStatus, BackendKeyData, NoticeResponse, NegotiateProtocolVersion
            }
            if (error != null && "FATAL".equals(error.severity())) {
                throw error;
            }
        }
    }

    /**
     * Runs one simple query (which may hold several statements) and returns the rows of all of its result
     * sets in order.
     *
     * @throws PgException if the server reports an error (the session stays usable)
     */
    public List<List<String>> query(String sql) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeCString(body, sql);
        sendTyped('Q', body.toByteArray());
        List<List<String>> rows = new ArrayList<>();
        PgException error = null;
        for (;;) {
            int type = in.readUnsignedByte();
            byte[] msg = readBody();
            switch (type) {
                case 'D' -> rows.add(parseDataRow(msg));
                case 'E' -> error = parseError(msg);
                case 'G' -> { // CopyInResponse: this client has no data to send.
                    ByteArrayOutputStream reason = new ByteArrayOutputStream();
                    writeCString(reason, "COPY FROM STDIN is not supported by the embedded client");
                    sendTyped('f', reason.toByteArray());
                }
                case 'Z' -> {
                    if (error != null) {
                        throw error;
                    }
                    return rows;
                }
                default -> { } // RowDescription, CommandComplete, EmptyQueryResponse, Notice, CopyOut data...
            }
        }
    }

    /** Sends Terminate and closes the socket; never throws. */
    @Override
    public void close() {
        try {
            sendTyped('X', new byte[0]);
        } catch (IOException ignored) {
            // The server may already be gone; closing the socket is all that is left to do.
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing useful to report on close.
        }
    }

    private void sendTyped(char type, byte[] body) throws IOException {
        out.write(type);
        byte[] len = new byte[4];
        putInt(len, body.length + 4);
        out.write(len);
        out.write(body);
        out.flush();
    }

    private byte[] readBody() throws IOException {
        int len = in.readInt();
        if (len < 4 || len > MAX_MESSAGE) {
            throw new IOException("invalid message length " + len + " from PostgreSQL");
        }
        byte[] body = new byte[len - 4];
        in.readFully(body);
        return body;
    }

    private static List<String> parseDataRow(byte[] msg) throws EOFException {
        int columns = readShort(msg, 0);
        List<String> row = new ArrayList<>(columns);
        int pos = 2;
        for (int i = 0; i < columns; i++) {
            int len = readInt(msg, pos);
            pos += 4;
            if (len < 0) {
                row.add(null);
            } else {
                if (pos + len > msg.length) {
                    throw new EOFException("DataRow column " + i + " runs past the message end");
                }
                row.add(new String(msg, pos, len, StandardCharsets.UTF_8));
                pos += len;
            }
        }
        return row;
    }

    private static PgException parseError(byte[] msg) {
        String severity = null;
        String code = null;
        String message = null;
        String detail = null;
        int pos = 0;
        while (pos < msg.length && msg[pos] != 0) {
            byte field = msg[pos++];
            int end = pos;
            while (end < msg.length && msg[end] != 0) {
                end++;
            }
            String value = new String(msg, pos, end - pos, StandardCharsets.UTF_8);
            pos = end + 1;
            switch (field) {
                case 'V' -> severity = value;
                case 'S' -> severity = severity == null ? value : severity;
                case 'C' -> code = value;
                case 'M' -> message = value;
                case 'D' -> detail = value;
                default -> { } // Fields this client does not use must be ignored.
            }
        }
        return new PgException(severity, code, message, detail);
    }

    private static int readInt(byte[] b, int pos) throws EOFException {
        if (pos + 4 > b.length) {
            throw new EOFException("message too short");
        }
        return (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
    }

    private static int readShort(byte[] b, int pos) throws EOFException {
        if (pos + 2 > b.length) {
            throw new EOFException("message too short");
        }
        return (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff);
    }

    private static void putInt(byte[] b, int v) {
        b[0] = (byte) (v >>> 24);
        b[1] = (byte) (v >>> 16);
        b[2] = (byte) (v >>> 8);
        b[3] = (byte) v;
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        byte[] b = new byte[4];
        putInt(b, v);
        out.writeBytes(b);
    }

    private static void writeCString(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }
}

// Unit test: the embedded client against a scripted fake server (rows, NULLs, errors, refused auth).
package dev.switchboard.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MiniPgClientTest {

    /** One scripted server conversation; returns the bytes of the client's Query text, if any. */
    private interface Script {
        void run(DataInputStream in, OutputStream out) throws IOException;
    }

    @Test
    void collectsRowsWithNullsAndIgnoresNoise() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> done = serve(server, (in, out) -> {
                readStartup(in);
                out.write(msg('R', 0, 0, 0, 0));
                out.write(msg('S', bytes("server_version\0" + "18.6\0")));
                out.write(msg('K', 0, 0, 0, 7, 1, 2, 3, 4));
                out.write(msg('Z', 'I'));
                assertEquals('Q', in.readUnsignedByte());
                byte[] query = new byte[in.readInt() - 4];
                in.readFully(query);
                assertEquals("SELECT 1\0", new String(query, StandardCharsets.UTF_8));
                out.write(msg('T', 0, 2)); // RowDescription content is not parsed by the client
                out.write(msg('N', bytes("SNOTICE\0Mhello\0\0")));
                out.write(msg('D', 0, 2, 0, 0, 0, 2, 'h', 'i', -1, -1, -1, -1));
                out.write(msg('C', bytes("SELECT 1\0")));
                out.write(msg('Z', 'I'));
                out.flush();
            });
            try (MiniPgClient client = MiniPgClient.connect("127.0.0.1", server.getLocalPort(), "u", "d", 5000)) {
                assertEquals(List.of(Arrays.asList("hi", null)), client.query("SELECT 1"));
            }
            done.get();
        }
    }

    @Test
    void anErrorResponseBecomesAPgExceptionAfterReadyForQuery() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> done = serve(server, (in, out) -> {
                readStartup(in);
                out.write(msg('R', 0, 0, 0, 0));
                out.write(msg('Z', 'I'));
                in.readUnsignedByte();
                in.readFully(new byte[in.readInt() - 4]);
                out.write(msg('E', bytes("SERROR\0VERROR\0C42P01\0Mrelation \"x\" does not exist\0\0")));
                out.write(msg('Z', 'I'));
                out.flush();
            });
            try (MiniPgClient client = MiniPgClient.connect("127.0.0.1", server.getLocalPort(), "u", "d", 5000)) {
                PgException e = assertThrows(PgException.class, () -> client.query("SELECT * FROM x"));
                assertEquals("42P01", e.sqlState());
                assertEquals("ERROR", e.severity());
                assertEquals("relation \"x\" does not exist", e.message());
            }
            done.get();
        }
    }

    @Test
    void aPasswordRequestIsRefusedClearly() throws Exception {
        try (ServerSocket server = listen()) {
            CompletableFuture<Void> done = serve(server, (in, out) -> {
                readStartup(in);
                out.write(msg('R', 0, 0, 0, 10, 'S', 'C', 'R', 'A', 'M', '-', 'S', 'H', 'A', '-', '2', '5', '6', 0, 0));
                out.flush();
            });
            PgException e = assertThrows(PgException.class,
                    () -> MiniPgClient.connect("127.0.0.1", server.getLocalPort(), "u", "d", 5000));
            assertTrue(e.getMessage().contains("trust"), e.getMessage());
            done.get();
        }
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    }

    private static CompletableFuture<Void> serve(ServerSocket server, Script script) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                script.run(new DataInputStream(s.getInputStream()), s.getOutputStream());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static void readStartup(DataInputStream in) throws IOException {
        int len = in.readInt();
        byte[] body = new byte[len - 4];
        in.readFully(body);
        assertEquals(196608, (body[0] & 0xff) << 24 | (body[1] & 0xff) << 16 | (body[2] & 0xff) << 8 | body[3] & 0xff);
        String params = new String(body, 4, body.length - 4, StandardCharsets.UTF_8);
        assertTrue(params.startsWith("user\0u\0database\0d\0"), params);
    }

    private static byte[] msg(char type, int... body) {
        byte[] b = new byte[body.length];
        for (int i = 0; i < body.length; i++) {
            b[i] = (byte) body[i];
        }
        return msg(type, b);
    }

    private static byte[] msg(char type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        int len = body.length + 4;
        out.write(len >>> 24);
        out.write(len >>> 16);
        out.write(len >>> 8);
        out.write(len);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

// BadInputIT: malformed, oversized and stalled input from clients — each is refused or closed, and the proxy keeps serving.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Raw sockets send what no driver would. Each case must end in an ErrorResponse (08P01 for protocol
 * violations) or a close, and after each one a pgJDBC client of the same proxy must still work. Where it
 * makes sense the same bytes go to PostgreSQL 18 directly, and the test records what it does.
 *
 * <p>Observed PostgreSQL 18 behaviour (asserted below where stable): a bad startup length, garbage
 * first bytes or an oversized startup packet are only logged ("invalid length of startup packet") and
 * the connection is closed without a reply; a typed message with a bad length after login is closed
 * without a reply too ("invalid message length" in the log). The proxy closes as well but first sends
 * FATAL 08P01 with the reason, which is what a user debugging a client wants to see.
 */
class BadInputIT {
    private static final String RAW_ROLE = "sb_raw";
    private static final int MAX_MESSAGE_SIZE = 1024 * 1024;
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(30);

    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        var primary = TestCluster.get().primary();
        primary.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + RAW_ROLE
                + "') THEN CREATE ROLE " + RAW_ROLE + " LOGIN; END IF; END $$");
        // Database "raw" has a pool of one server, so a server that leaked or went back dirty shows at once.
        proxy = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                limits: { startup_timeout: 2s, max_message_size: 1MB }
                pool: { mode: session, size: 10, wait_timeout: 5s }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  app: { cluster: main, dbname: app }
                  raw: { cluster: main, dbname: app, pool: { size: 1 } }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                  - { name: raw, auth: trust, backend_user: sb_raw }
                """);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    /**
     * The point of every case: the proxy goes on serving everybody else, and every refused connection
     * was counted out again (a leaked count would end in "too many clients" for everybody).
     */
    @AfterEach
    void proxyStillServes() throws SQLException {
        try (Connection c = proxy.connect("app", "app")) {
            assertEquals("1", JdbcAssertions.scalar(c, "SELECT 1"));
        }
        Await.until("the proxy's client count back to 0", CLOSE_DEADLINE,
                () -> proxy.server().context().clients().get() == 0);
    }

    // ---- before startup ----------------------------------------------------------------------------

    @Test
    void garbageFirstBytesAreRefused() throws IOException {
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        RawClient.Ending viaProxy = sendAndAwaitClose(proxy.port(), http);
        assertProtocolViolationOrClose(viaProxy, "invalid length of startup packet");
        RawClient.Ending direct = sendAndAwaitClose(primaryPort(), http);
        System.out.println("HTTP request: proxy -> " + viaProxy + "; PostgreSQL 18 -> " + direct);
        assertEquals(List.of(), direct.messages(), "PostgreSQL 18 closes without a reply");
    }

    @Test
    void badStartupLengthsAreRefused() throws IOException {
        for (int length : new int[] {-1, Integer.MAX_VALUE, 7, 0, 10_005, 65_536}) {
            byte[] bytes = concat(RawClient.int32(length), RawClient.int32(RawClient.V3_0));
            RawClient.Ending viaProxy = sendAndAwaitClose(proxy.port(), bytes);
            assertProtocolViolationOrClose(viaProxy, "invalid length of startup packet");
            RawClient.Ending direct = sendAndAwaitClose(primaryPort(), bytes);
            System.out.println("startup length " + length + ": proxy -> " + viaProxy + "; PostgreSQL 18 -> " + direct);
            assertEquals(List.of(), direct.messages(), "PostgreSQL 18 closes without a reply");
        }
    }

    @Test
    void oversizedStartupPacketIsRefused() throws IOException {
        StringBuilder value = new StringBuilder();
        while (value.length() < 12_000) {
            value.append("abcdefghij");
        }
        byte[] packet = RawClient.startupPacket(Map.of("user", "raw", "database", "raw", "options", value.toString()));
        assertTrue(packet.length > 10_000);
        RawClient.Ending viaProxy = sendAndAwaitClose(proxy.port(), packet);
        assertProtocolViolationOrClose(viaProxy, "invalid length of startup packet");
        RawClient.Ending direct = sendAndAwaitClose(primaryPort(), packet);
        System.out.println("startup packet of " + packet.length + " bytes: proxy -> " + viaProxy
                + "; PostgreSQL 18 -> " + direct);
        assertEquals(List.of(), direct.messages(), "PostgreSQL 18 closes without a reply");
    }

    // ---- after login -------------------------------------------------------------------------------

    @Test
    void typedMessageWithBadLengthIsFatalAndServerIsNotReused() throws IOException {
        for (int round = 0; round < 3; round++) {
            for (int length : new int[] {-1, Integer.MAX_VALUE, MAX_MESSAGE_SIZE + 1, 3}) {
                try (RawClient raw = RawClient.connect(proxy.port())) {
                    raw.login("raw", "raw");
                    raw.send(RawClient.header('Q', length));
                    RawClient.Ending ending = raw.awaitClose(CLOSE_DEADLINE);
                    RawClient.Message error = ending.error();
                    assertNotNull(error, "length " + length + ": expected FATAL 08P01 before the close, got " + ending);
                    assertEquals("FATAL", error.severity(), error::toString);
                    assertEquals("08P01", error.sqlState(), error::toString);
                    assertTrue(error.text().contains("invalid length " + length), error::toString);
                }
                assertRawPoolServesCleanly();
            }
        }
        // The same headers sent to PostgreSQL 18 directly, for the record.
        for (int length : new int[] {-1, Integer.MAX_VALUE, 3}) {
            try (RawClient raw = RawClient.connect(primaryPort())) {
                raw.login(RAW_ROLE, "app");
                raw.send(RawClient.header('Q', length));
                System.out.println("'Q' with length " + length + " to PostgreSQL 18 -> " + raw.awaitClose(CLOSE_DEADLINE));
            }
        }
    }

    /** Half of a large (streamed, so partly forwarded) Query, then gone: that server must never be reused. */
    @Test
    void clientGoneHalfwayThroughAStreamedMessage() throws IOException {
        for (int round = 0; round < 3; round++) {
            try (RawClient raw = RawClient.connect(proxy.port())) {
                raw.login("raw", "raw");
                byte[] half = ("SELECT '" + "x".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
                raw.send(concat(RawClient.header('Q', 4 + 2 * half.length), half));
            }
            assertRawPoolServesCleanly();
        }
    }

    @Test
    void queryAtTheSizeLimitPassesAndOverItIsRefused() throws SQLException {
        int under = MAX_MESSAGE_SIZE - 1000; // the Parse message adds a few bytes around the text
        try (Connection c = proxy.connect("app", "app")) {
            assertEquals(Integer.toString(under), JdbcAssertions.scalar(c, "SELECT length('" + "x".repeat(under) + "')"));
        }
        try (Connection c = proxy.connect("app", "app")) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> JdbcAssertions.scalar(c, "SELECT length('" + "x".repeat(MAX_MESSAGE_SIZE) + "')"));
            System.out.println("query over max_message_size: " + e.getSQLState() + " " + e.getMessage());
            assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + " " + e.getMessage());
        }
    }

    @Test
    void serverMessageOverTheSizeLimitEndsTheSessionClearly() throws SQLException {
        try (Connection c = proxy.connect("app", "app")) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> JdbcAssertions.scalar(c, "SELECT repeat('x', 2 * 1024 * 1024)"));
            assertEquals("08006", e.getSQLState(), e::getMessage);
            assertTrue(e.getMessage().contains("limit " + MAX_MESSAGE_SIZE), "the message says why: " + e.getMessage());
        }
    }

    @Test
    void unknownMessageTypeIsForwardedAndPostgresAnswers() throws IOException {
        try (RawClient raw = RawClient.connect(proxy.port())) {
            raw.login("raw", "raw");
            raw.send(RawClient.typed('y', new byte[0]));
            RawClient.Message error = raw.awaitClose(CLOSE_DEADLINE).error();
            assertNotNull(error, "PostgreSQL's error must reach the client");
            assertEquals("08P01", error.sqlState(), error::toString);
            assertEquals("invalid frontend message type 121", error.text());
        }
        try (RawClient raw = RawClient.connect(primaryPort())) {
            raw.login(RAW_ROLE, "app");
            raw.send(RawClient.typed('y', new byte[0]));
            RawClient.Message direct = raw.awaitClose(CLOSE_DEADLINE).error();
            assertNotNull(direct);
            assertEquals("invalid frontend message type 121", direct.text(), "PostgreSQL 18 itself");
        }
        assertRawPoolServesCleanly();
    }

    /** Not bad input, but the other side of the auth-phase limit: bytes pipelined behind login still arrive. */
    @Test
    void queryPipelinedBehindTheStartupPacketIsAnswered() throws IOException {
        try (RawClient raw = RawClient.connect(proxy.port())) {
            byte[] startup = RawClient.startupPacket(Map.of("user", "raw", "database", "raw"));
            raw.send(concat(startup, RawClient.typed('Q', "SELECT 'pipelined'\0".getBytes(StandardCharsets.UTF_8))));
            raw.readUntil('Z'); // login
            List<RawClient.Message> reply = raw.readUntil('Z');
            assertTrue(reply.stream().anyMatch(m -> m.type() == 'D'
                    && new String(m.body(), StandardCharsets.UTF_8).contains("pipelined")), reply::toString);
        }
    }

    // ---- stalled clients ---------------------------------------------------------------------------

    @Test
    void halfAStartupPacketIsClosedByTheStartupTimeout() throws IOException {
        byte[] packet = RawClient.startupPacket(Map.of("user", "raw", "database", "raw"));
        try (RawClient raw = RawClient.connect(proxy.port())) {
            raw.send(Arrays.copyOf(packet, packet.length / 2));
            assertStartupTimeoutOrClose(raw.awaitClose(CLOSE_DEADLINE));
        }
    }

    @Test
    void silentClientIsClosedByTheStartupTimeout() throws IOException {
        try (RawClient raw = RawClient.connect(proxy.port())) {
            assertStartupTimeoutOrClose(raw.awaitClose(CLOSE_DEADLINE));
        }
    }

    @Test
    void twoHundredStalledClientsAreAllClosed() throws Exception {
        byte[] packet = RawClient.startupPacket(Map.of("user", "raw", "database", "raw"));
        List<RawClient> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                RawClient raw = RawClient.connect(proxy.port());
                stalled.add(raw);
                if (i % 2 == 0) {
                    raw.send(Arrays.copyOf(packet, 7));
                }
            }
            try (Connection c = proxy.connect("app", "app")) { // while they all hang
                assertEquals("1", JdbcAssertions.scalar(c, "SELECT 1"));
            }
            for (RawClient raw : stalled) {
                assertStartupTimeoutOrClose(raw.awaitClose(CLOSE_DEADLINE));
            }
        } finally {
            for (RawClient raw : stalled) {
                raw.close();
            }
        }
    }

    // ---- authentication ----------------------------------------------------------------------------

    /**
     * Before authentication nobody may make the proxy buffer max_message_size bytes (1 GiB by default):
     * like PostgreSQL (PG_MAX_AUTH_TOKEN_LENGTH), an authentication message over 64 KiB is refused at its header.
     */
    @Test
    void oversizedAuthenticationMessageIsRefusedAtItsHeader() throws IOException {
        int length = 100_000; // under this proxy's max_message_size (1 MB), over any real SASL or password message
        try (RawClient raw = RawClient.connect(proxy.port())) {
            raw.send(RawClient.startupPacket(Map.of("user", "app", "database", "app")));
            assertEquals('R', raw.read().type(), "expected AuthenticationSASL");
            raw.send(RawClient.header('p', length));
            RawClient.Ending ending = raw.awaitClose(CLOSE_DEADLINE);
            assertNotNull(ending.error(), ending::toString);
            assertEquals("08P01", ending.error().sqlState(), ending::toString);
            assertTrue(ending.error().text().contains("invalid length " + length), ending::toString);
        }
        try (RawClient raw = RawClient.connect(primaryPort())) {
            raw.send(RawClient.startupPacket(Map.of("user", "app_scram", "database", "app")));
            assertEquals('R', raw.read().type(), "expected AuthenticationSASL");
            raw.send(RawClient.header('p', length));
            System.out.println("'p' with length " + length + " during SCRAM to PostgreSQL 18 -> "
                    + raw.awaitClose(CLOSE_DEADLINE));
        }
    }

    /**
     * A SCRAM client-final-message without the nonce (or with a nonce other than this exchange's) is malformed: it is
     * refused with 08P01 before any proof is checked, and nothing is left half-done for the next client.
     */
    @Test
    void scramFinalMessageWithoutItsNonceIsRefused() throws IOException {
        String proof = "p=" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        for (String clientFinal : new String[] {"c=biws," + proof, "c=biws,r=someoneelse," + proof}) {
            try (RawClient raw = RawClient.connect(proxy.port())) {
                raw.send(RawClient.startupPacket(Map.of("user", "app", "database", "app")));
                assertEquals('R', raw.read().type(), "expected AuthenticationSASL");
                byte[] first = "n,,n=,r=rOprNGfwEbeRWgbNEkqO".getBytes(StandardCharsets.US_ASCII);
                byte[] mechanism = "SCRAM-SHA-256\0".getBytes(StandardCharsets.US_ASCII);
                byte[] initial = new byte[mechanism.length + 4 + first.length];
                System.arraycopy(mechanism, 0, initial, 0, mechanism.length);
                System.arraycopy(RawClient.int32(first.length), 0, initial, mechanism.length, 4);
                System.arraycopy(first, 0, initial, mechanism.length + 4, first.length);
                raw.send(RawClient.typed('p', initial));
                assertEquals('R', raw.read().type(), "expected AuthenticationSASLContinue");
                raw.send(RawClient.typed('p', clientFinal.getBytes(StandardCharsets.US_ASCII)));
                RawClient.Ending ending = raw.awaitClose(CLOSE_DEADLINE);
                assertNotNull(ending.error(), ending::toString);
                assertEquals("08P01", ending.error().sqlState(), ending::toString);
                assertTrue(ending.error().text().contains("malformed SCRAM message"), ending::toString);
            }
        }
    }

    @Test
    void wrongPasswordLooksLikePostgres() {
        PSQLException viaProxy = (PSQLException) JdbcAssertions.assertSqlState("28P01",
                () -> proxy.connect("app", "wrong").close());
        PSQLException direct = (PSQLException) JdbcAssertions.assertSqlState("28P01",
                () -> java.sql.DriverManager.getConnection("jdbc:postgresql://" + TestCluster.primaryAddress() + "/app",
                        "app_scram", "wrong").close());
        ServerErrorMessage p = viaProxy.getServerErrorMessage();
        ServerErrorMessage d = direct.getServerErrorMessage();
        assertNotNull(p, "the proxy must send an ErrorResponse, not just close");
        assertEquals(d.getSeverity(), p.getSeverity());
        assertEquals("password authentication failed for user \"app_scram\"", d.getMessage());
        assertEquals("password authentication failed for user \"app\"", p.getMessage());
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static RawClient.Ending sendAndAwaitClose(int port, byte[] bytes) throws IOException {
        try (RawClient raw = RawClient.connect(port)) {
            try {
                raw.send(bytes);
            } catch (IOException e) {
                // The server may close before the client has written everything: a close is an answer.
                return new RawClient.Ending(List.of(), "closed while sending (" + e.getMessage() + ")");
            }
            return raw.awaitClose(CLOSE_DEADLINE);
        }
    }

    /** Closed, and anything said before is exactly one FATAL 08P01 naming the problem. */
    private static void assertProtocolViolationOrClose(RawClient.Ending ending, String expectedText) {
        if (ending.messages().isEmpty()) {
            return;
        }
        assertEquals(1, ending.messages().size(), ending::toString);
        RawClient.Message error = ending.error();
        assertNotNull(error, ending::toString);
        assertEquals("FATAL", error.severity(), ending::toString);
        assertEquals("08P01", error.sqlState(), ending::toString);
        assertTrue(error.text().contains(expectedText), ending::toString);
    }

    private static void assertStartupTimeoutOrClose(RawClient.Ending ending) {
        assertProtocolViolationOrClose(ending, "startup not completed within 2000 ms");
    }

    /** The pool of one server behind database "raw" hands out a clean, idle server. */
    private static void assertRawPoolServesCleanly() throws IOException {
        try (RawClient raw = RawClient.connect(proxy.port())) {
            raw.login("raw", "raw");
            List<RawClient.Message> reply = raw.query("SELECT 42");
            RawClient.Message ready = reply.get(reply.size() - 1);
            assertTrue(reply.stream().noneMatch(RawClient.Message::isError), reply::toString);
            assertEquals('I', (char) ready.body()[0], "server handed out inside a transaction");
            raw.send(RawClient.typed('X', new byte[0]));
        }
        Await.until("at most one server of the raw pool on the primary", Duration.ofSeconds(10),
                () -> Integer.parseInt(TestCluster.get().primary().queryValue(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + RAW_ROLE + "'")) <= 1);
    }

    private static int primaryPort() {
        return TestCluster.get().primary().port();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

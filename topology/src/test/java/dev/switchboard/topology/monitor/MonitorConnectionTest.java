// MonitorConnectionTest: the monitor's session against scripted servers — login methods, queries, bounds, loss.
package dev.switchboard.topology.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.auth.Md5Password;
import dev.switchboard.protocol.backend.AuthenticationGSS;
import dev.switchboard.protocol.backend.AuthenticationMD5Password;
import dev.switchboard.protocol.backend.AuthenticationOk;
import dev.switchboard.protocol.backend.AuthenticationSASL;
import dev.switchboard.protocol.backend.BackendKeyData;
import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.DataRow;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.NoticeResponse;
import dev.switchboard.protocol.backend.NotificationResponse;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.protocol.backend.ReadyForQuery;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MonitorConnectionTest {

    private static final MonitorSettings TRUST = settings(null, Duration.ofSeconds(10));

    @Test
    void logsInRunsQueriesAndSurvivesAnError() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            Map<String, String> startup = peer.readStartup();
            assertEquals("monitor", startup.get("user"));
            assertEquals("postgres", startup.get("database"));
            assertEquals("switchboard-monitor", startup.get("application_name"));
            login(peer);
            assertEquals("SELECT 1, NULL", peer.expect('Q').text());
            peer.send(row("1", null), new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            assertEquals("SELEC", peer.expect('Q').text());
            peer.send(NoticeResponse.warning("01000", "careful"), ErrorResponse.error("42601", "syntax error"),
                    ReadyForQuery.IDLE);
            peer.expect('Q');
            peer.send(row("a", "b"), row("c", "d"), new CommandComplete("SELECT 2"), ReadyForQuery.IDLE);
            peer.expect('X');
            assertTrue(peer.readsEndOfStream());
        })) {
            try (MonitorConnection c = MonitorConnection.open(server.host(), server.port(), TRUST)) {
                assertEquals(4711, c.processId());
                assertEquals("18.1", c.parameter("server_version"));
                assertEquals(List.of(Arrays.asList("1", null)), c.query("SELECT 1, NULL"));
                MonitorException error = assertThrows(MonitorException.class, () -> c.query("SELEC"));
                assertEquals("42601", error.sqlState());
                assertTrue(error.fromServer());
                assertFalse(error.fatal());
                assertTrue(error.getMessage().contains("syntax error"), error.getMessage());
                assertFalse(c.isClosed());
                assertEquals(List.of(List.of("a", "b"), List.of("c", "d")), c.query("SELECT 'a', 'b' ..."));
            }
            server.awaitScript();
        }
    }

    @Test
    void answersAnMd5Challenge() throws Exception {
        byte[] salt = {9, 8, 7, 6};
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            peer.send(new AuthenticationMD5Password(salt));
            assertEquals(Md5Password.response("monitor", "pw", salt), peer.expect('p').text());
            login(peer);
        })) {
            MonitorConnection.open(server.host(), server.port(), settings("pw", Duration.ofSeconds(10))).close();
            server.awaitScript();
        }
    }

    @Test
    void aPasswordRequestWithoutConfiguredPasswordIsAClearError() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            peer.send(new AuthenticationMD5Password(new byte[] {1, 2, 3, 4}));
            assertTrue(peer.readsEndOfStream());
        })) {
            MonitorException e = assertThrows(MonitorException.class,
                    () -> MonitorConnection.open(server.host(), server.port(), TRUST));
            assertEquals("28000", e.sqlState());
            assertTrue(e.getMessage().contains("no password configured"), e.getMessage());
            assertFalse(e.fromServer());
            server.awaitScript();
        }
    }

    @Test
    void gssapiIsRefusedByName() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            peer.send(AuthenticationGSS.INSTANCE);
            assertTrue(peer.readsEndOfStream());
        })) {
            MonitorException e = assertThrows(MonitorException.class,
                    () -> MonitorConnection.open(server.host(), server.port(), settings("pw", Duration.ofSeconds(10))));
            assertEquals("28000", e.sqlState());
            assertTrue(e.getMessage().contains("GSSAPI"), e.getMessage());
            server.awaitScript();
        }
    }

    @Test
    void saslWithoutScramSha256IsRefused() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            peer.send(new AuthenticationSASL(List.of("SCRAM-SHA-256-PLUS")));
            assertTrue(peer.readsEndOfStream());
        })) {
            MonitorException e = assertThrows(MonitorException.class,
                    () -> MonitorConnection.open(server.host(), server.port(), settings("pw", Duration.ofSeconds(10))));
            assertEquals("28000", e.sqlState());
            assertTrue(e.getMessage().contains("SCRAM-SHA-256-PLUS"), e.getMessage());
            server.awaitScript();
        }
    }

    @Test
    void aServerThatSkipsScramProofIsNotTrusted() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            peer.send(new AuthenticationSASL(List.of("SCRAM-SHA-256")));
            assertTrue(peer.expect('p').text().startsWith("SCRAM-SHA-256"));
            // An impostor that does not know the password: straight to AuthenticationOk.
            peer.send(AuthenticationOk.INSTANCE, ReadyForQuery.IDLE);
            assertTrue(peer.readsEndOfStream());
        })) {
            MonitorException e = assertThrows(MonitorException.class,
                    () -> MonitorConnection.open(server.host(), server.port(), settings("pw", Duration.ofSeconds(10))));
            assertEquals("08P01", e.sqlState());
            server.awaitScript();
        }
    }

    @Test
    void aServerThatSkipsAuthenticationOkIsNotTrusted() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            peer.send(new AuthenticationSASL(List.of("SCRAM-SHA-256")));
            peer.expect('p');
            // No SASL answer and no AuthenticationOk: the rest of a startup, as if the login had ended.
            peer.send(new BackendKeyData(4711, new byte[] {1, 2, 3, 4}), ReadyForQuery.IDLE);
            assertTrue(peer.readsEndOfStream());
        })) {
            MonitorException e = assertThrows(MonitorException.class,
                    () -> MonitorConnection.open(server.host(), server.port(), settings("pw", Duration.ofSeconds(10))));
            assertEquals("08P01", e.sqlState());
            assertTrue(e.getMessage().contains(server.host() + ":" + server.port()), e.getMessage());
            server.awaitScript();
        }
    }

    @Test
    void aStartupErrorCarriesTheServersSqlstate() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            peer.send(ErrorResponse.fatal("53300", "sorry, too many clients already"));
        })) {
            MonitorException e = assertThrows(MonitorException.class,
                    () -> MonitorConnection.open(server.host(), server.port(), TRUST));
            assertEquals("53300", e.sqlState());
            assertTrue(e.fromServer());
            assertTrue(e.fatal());
            assertTrue(e.getMessage().contains("too many clients"), e.getMessage());
            server.awaitScript();
        }
    }

    @Test
    void anOversizedMessageIsRefusedBeforeItIsRead() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            // A header announcing 64 MiB, and nothing behind it: the client must give up on the header alone.
            peer.sendRaw(new byte[] {'R', 0x04, 0, 0, 0});
            assertTrue(peer.readsEndOfStream());
        })) {
            MonitorException e = assertThrows(MonitorException.class,
                    () -> MonitorConnection.open(server.host(), server.port(), TRUST));
            assertEquals("08P01", e.sqlState());
            assertTrue(e.getMessage().contains("length"), e.getMessage());
            server.awaitScript();
        }
    }

    @Test
    void aResultLargerThanTheBoundBreaksTheConnection() throws Exception {
        String big = "x".repeat(MonitorConnection.MAX_RESULT_SIZE / 2 + 1);
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            login(peer);
            peer.expect('Q');
            peer.send(row(big), row(big), new CommandComplete("SELECT 2"), ReadyForQuery.IDLE);
        })) {
            MonitorConnection c = MonitorConnection.open(server.host(), server.port(), TRUST);
            MonitorException e = assertThrows(MonitorException.class, () -> c.query("SELECT big"));
            assertEquals("08P01", e.sqlState());
            assertTrue(c.isClosed());
            server.awaitScript();
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            peer.hang();
        })) {
            MonitorException e = assertThrows(MonitorException.class,
                    () -> MonitorConnection.open(server.host(), server.port(), settings(null, Duration.ofMillis(300))));
            assertEquals("08006", e.sqlState());
            assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
        }
    }

    @Test
    void aQueryThatNeverGetsAnAnswerTimesOutAndClosesTheConnection() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            login(peer);
            peer.expect('Q');
            peer.hang();
        })) {
            MonitorConnection c = MonitorConnection.open(server.host(), server.port(),
                    settings(null, Duration.ofMillis(300)));
            MonitorException e = assertThrows(MonitorException.class, () -> c.query("SELECT pg_sleep(3600)"));
            assertEquals("08006", e.sqlState());
            assertTrue(c.isClosed());
        }
    }

    @Test
    void awaitLossIgnoresAsynchronousMessagesAndSeesAFatalError() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            login(peer);
            peer.send(NoticeResponse.notice("00000", "hello"), new ParameterStatus("in_hot_standby", "off"),
                    new NotificationResponse(99, "chan", "payload"),
                    ErrorResponse.fatal("57P01", "terminating connection due to administrator command"));
        })) {
            try (MonitorConnection c = MonitorConnection.open(server.host(), server.port(), TRUST)) {
                assertTrue(c.awaitLoss(Duration.ofSeconds(30)));
                assertTrue(c.lossReason().contains("57P01"), c.lossReason());
                assertEquals("off", c.parameter("in_hot_standby"));
                assertTrue(c.isClosed());
                assertTrue(c.awaitLoss(Duration.ofSeconds(30)), "stays lost");
            }
            server.awaitScript();
        }
    }

    @Test
    void awaitLossSeesTheEndOfTheStream() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            login(peer);
        })) {
            try (MonitorConnection c = MonitorConnection.open(server.host(), server.port(), TRUST)) {
                assertTrue(c.awaitLoss(Duration.ofSeconds(30)));
                assertTrue(c.lossReason().contains("closed"), c.lossReason());
            }
            server.awaitScript();
        }
    }

    @Test
    void awaitLossOnAQuietConnectionReturnsFalseAndTheSessionStaysUsable() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            login(peer);
            peer.send(new ParameterStatus("application_name", "switchboard-monitor"));
            peer.expect('Q');
            peer.send(row("ok"), new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            peer.expect('X');
        })) {
            try (MonitorConnection c = MonitorConnection.open(server.host(), server.port(), TRUST)) {
                assertFalse(c.awaitLoss(Duration.ofMillis(50)));
                assertFalse(c.awaitLoss(Duration.ofMillis(50)));
                assertEquals(List.of(List.of("ok")), c.query("SELECT 'ok'"));
            }
            server.awaitScript();
        }
    }

    @Test
    void closeFromAnotherThreadEndsAWait() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(peer -> {
            peer.readStartup();
            login(peer);
            peer.expect('X');
        })) {
            MonitorConnection c = MonitorConnection.open(server.host(), server.port(), TRUST);
            CompletableFuture<Boolean> lost = new CompletableFuture<>();
            Thread waiter = new Thread(() -> lost.complete(c.awaitLoss(Duration.ofSeconds(60))));
            waiter.start();
            while (Arrays.stream(waiter.getStackTrace()).noneMatch(f -> f.getMethodName().equals("awaitLoss"))
                    && !lost.isDone()) {
                Thread.onSpinWait();
            }
            c.close();
            assertTrue(lost.get(60, TimeUnit.SECONDS));
            server.awaitScript();
        }
    }

    @Test
    void aRefusedConnectionIsCannotConnect() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        MonitorException e = assertThrows(MonitorException.class,
                () -> MonitorConnection.open("127.0.0.1", port, TRUST));
        assertEquals("08001", e.sqlState());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    private static void login(ScriptedServer.Peer peer) throws IOException {
        peer.send(AuthenticationOk.INSTANCE, new BackendKeyData(4711, new byte[] {1, 2, 3, 4}),
                new ParameterStatus("server_version", "18.1"), ReadyForQuery.IDLE);
    }

    private static Encodable row(String... values) {
        List<String> list = Arrays.asList(values);
        return out -> DataRow.writeText(out, list);
    }

    private static MonitorSettings settings(String password, Duration timeout) {
        return new MonitorSettings(Duration.ofMillis(100), "monitor", password, "postgres", timeout);
    }
}

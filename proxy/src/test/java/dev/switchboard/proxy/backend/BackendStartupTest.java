// BackendStartupTest: the connector refuses a server that accepts a SCRAM login without proving it knows the password.
package dev.switchboard.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.auth.ScramSecret;
import dev.switchboard.protocol.auth.ScramServerSession;
import dev.switchboard.protocol.backend.AuthenticationOk;
import dev.switchboard.protocol.backend.AuthenticationSASL;
import dev.switchboard.protocol.backend.AuthenticationSASLContinue;
import dev.switchboard.protocol.backend.AuthenticationSASLFinal;
import dev.switchboard.protocol.backend.BackendKeyData;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.proxy.Transport;
import dev.switchboard.proxy.it.LeakRecorder;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BackendStartupTest {

    private static final String PASSWORD = "app-secret";
    private static final String SALT = Base64.getEncoder().encodeToString(new byte[16]);

    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        // Leak reports are collected per JVM: surface what earlier test classes left behind here, so that the
        // check after this class counts only its own buffers.
        try {
            LeakRecorder.assertNoLeaks();
        } catch (AssertionError earlier) {
            System.err.println("leaks reported before BackendStartupTest ran: " + earlier.getMessage());
        }
        group = Transport.detect().newGroup(1);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        LeakRecorder.assertNoLeaks();
    }

    private static BackendConnector connector(ScriptedBackend backend) {
        return new BackendConnector(Transport.detect(), group,
                new BackendConnector.Target("127.0.0.1", backend.port(), "app", "app", PASSWORD),
                Duration.ofSeconds(30), 1 << 20);
    }

    private static ErrorResponse refusal(ScriptedBackend backend) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> connector(backend).connect().get(30, TimeUnit.SECONDS));
        ErrorResponse error = assertInstanceOf(BackendStartupException.class, e.getCause()).error();
        assertTrue(error.isFatal());
        assertTrue(error.message().contains("127.0.0.1:" + backend.port()), error.message());
        return error;
    }

    /**
     * Sends {@code login} and the rest of a startup in one write: the client may close as soon as it has read
     * the first of them, and a later write would then meet a reset.
     */
    private static void finishStartup(ScriptedBackend.Peer peer, Encodable... login) throws Exception {
        List<Encodable> all = new ArrayList<>(List.of(login));
        all.add(new ParameterStatus("server_version", "18.1"));
        all.add(new BackendKeyData(4711, new byte[] {1, 2, 3, 4}));
        all.add(ReadyForQuery.IDLE);
        peer.send(all.toArray(Encodable[]::new));
    }

    /** Plays a server that does not know the password up to its reading client-final-message. */
    private static void scramWithoutThePassword(ScriptedBackend.Peer peer) throws Exception {
        peer.readStartup();
        peer.send(new AuthenticationSASL(List.of("SCRAM-SHA-256")));
        String clientFirst = saslData(peer.expect('p'));
        String clientNonce = clientFirst.substring(clientFirst.indexOf("r=") + 2);
        peer.send(new AuthenticationSASLContinue(utf8("r=" + clientNonce + "impostor,s=" + SALT + ",i=4096")));
        assertTrue(new String(peer.expect('p'), StandardCharsets.UTF_8).startsWith("c=biws,r=" + clientNonce));
    }

    @Test
    void authenticationOkWithoutSaslFinalIsRefused() throws Exception {
        try (ScriptedBackend backend = ScriptedBackend.start(peer -> {
            scramWithoutThePassword(peer);
            finishStartup(peer, AuthenticationOk.INSTANCE);
            assertTrue(peer.readsClose());
        })) {
            ErrorResponse error = refusal(backend);

            assertEquals("08P01", error.sqlState());
            assertTrue(error.message().contains("without proving it knows the password"), error.message());
            backend.awaitScript();
        }
    }

    @Test
    void aSaslFinalWithAWrongSignatureIsRefused() throws Exception {
        try (ScriptedBackend backend = ScriptedBackend.start(peer -> {
            scramWithoutThePassword(peer);
            finishStartup(peer, new AuthenticationSASLFinal(
                    utf8("v=" + Base64.getEncoder().encodeToString(new byte[32]))), AuthenticationOk.INSTANCE);
            assertTrue(peer.readsClose());
        })) {
            ErrorResponse error = refusal(backend);

            assertEquals("28000", error.sqlState());
            assertTrue(error.message().contains("signature"), error.message());
            backend.awaitScript();
        }
    }

    /** Two billion iterations would keep a core busy for minutes per connection: refused before any hashing. */
    @Test
    void aHostileIterationCountIsRefusedBeforeHashing() throws Exception {
        try (ScriptedBackend backend = ScriptedBackend.start(peer -> {
            peer.readStartup();
            peer.send(new AuthenticationSASL(List.of("SCRAM-SHA-256")));
            String clientFirst = saslData(peer.expect('p'));
            String clientNonce = clientFirst.substring(clientFirst.indexOf("r=") + 2);
            peer.send(new AuthenticationSASLContinue(utf8("r=" + clientNonce + "x,s=" + SALT + ",i=2000000000")));
            assertTrue(peer.readsClose());
        })) {
            ErrorResponse error = refusal(backend);

            assertEquals("08P01", error.sqlState());
            assertTrue(error.message().contains("2000000000 iterations"), error.message());
            backend.awaitScript();
        }
    }

    @Test
    void aStartupThatSkipsAuthenticationOkIsRefused() throws Exception {
        try (ScriptedBackend backend = ScriptedBackend.start(peer -> {
            scramWithoutThePassword(peer);
            finishStartup(peer);
            assertTrue(peer.readsClose());
        })) {
            ErrorResponse error = refusal(backend);

            assertEquals("08P01", error.sqlState());
            assertTrue(error.message().contains("AuthenticationOk"), error.message());
            backend.awaitScript();
        }
    }

    @Test
    void aServerThatKnowsThePasswordIsAccepted() throws Exception {
        ScramServerSession scram = new ScramServerSession(ScramSecret.fromPassword(PASSWORD));
        try (ScriptedBackend backend = ScriptedBackend.start(peer -> {
            peer.readStartup();
            peer.send(new AuthenticationSASL(List.of("SCRAM-SHA-256")));
            String serverFirst = scram.handleClientFirst(saslData(peer.expect('p')));
            peer.send(new AuthenticationSASLContinue(utf8(serverFirst)));
            String serverFinal = scram.handleClientFinal(new String(peer.expect('p'), StandardCharsets.UTF_8));
            finishStartup(peer, new AuthenticationSASLFinal(utf8(serverFinal)), AuthenticationOk.INSTANCE);
            assertTrue(peer.readsClose());
        })) {
            ServerConn server = connector(backend).connect().get(30, TimeUnit.SECONDS);
            assertEquals(4711, server.processId());
            assertTrue(server.isUsable());
            server.close();
            backend.awaitScript();
        }
    }

    /** The data of a SASLInitialResponse body: mechanism, NUL, Int32 length, data. */
    private static String saslData(byte[] body) {
        int nul = 0;
        while (body[nul] != 0) {
            nul++;
        }
        return new String(body, nul + 5, body.length - nul - 5, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

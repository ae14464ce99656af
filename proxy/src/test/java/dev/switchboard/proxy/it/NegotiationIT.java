// NegotiationIT: protocol version negotiation and pre-startup requests, checked against PostgreSQL 18's own answers.
package dev.switchboard.proxy.it;

import static dev.switchboard.proxy.it.JdbcAssertions.scalar;
import static dev.switchboard.proxy.it.NegotiationWire.GREASE;
import static dev.switchboard.proxy.it.NegotiationWire.V3_0;
import static dev.switchboard.proxy.it.NegotiationWire.V3_2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.it.NegotiationWire.Message;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.core.ProtocolVersion;
import org.postgresql.jdbc.PgConnection;

class NegotiationIT {
    /** AuthenticationSASL's code in an 'R' message. */
    private static final int AUTH_SASL = 10;

    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        proxy = ProxyHarness.startDefault();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        JdbcAssertions.awaitNoAppBackends();
        LeakRecorder.assertNoLeaks();
    }

    private static String proxyAddress() {
        return "127.0.0.1:" + proxy.port();
    }

    /** Sends {@code packets} to the proxy and to PostgreSQL and reads {@code count} messages from each. */
    private static List<List<Message>> bothAnswer(int count, byte[]... packets) throws Exception {
        List<List<Message>> answers = new ArrayList<>();
        for (String address : List.of(proxyAddress(), TestCluster.primaryAddress())) {
            try (NegotiationWire wire = NegotiationWire.to(address)) {
                List<Message> messages = new ArrayList<>();
                for (byte[] packet : packets) {
                    wire.send(packet);
                }
                for (int i = 0; i < count; i++) {
                    messages.add(wire.readMessage());
                }
                answers.add(messages);
            }
        }
        return answers;
    }

    private static void assertSaslRequest(Message m) {
        assertEquals('R', m.type(), () -> "expected AuthenticationSASL, got " + m);
        assertEquals(AUTH_SASL, m.int32(0), () -> "expected AuthenticationSASL, got " + m);
    }

    // ---- real clients -------------------------------------------------------------------------------

    @Test
    void pgJdbcDefaultSpeaks30() throws Exception {
        try (Connection c = proxy.connect("app", "app")) {
            assertEquals(ProtocolVersion.v3_0, c.unwrap(PgConnection.class).getQueryExecutor().getProtocolVersion());
            assertEquals("1", scalar(c, "SELECT 1"));
        }
    }

    @Test
    void pgJdbcWithProtocol32GetsIt() throws Exception {
        Properties p = new Properties();
        p.setProperty("protocolVersion", "3.2");
        try (Connection c = proxy.connect("app", "app", p)) {
            assertEquals(ProtocolVersion.v3_2, c.unwrap(PgConnection.class).getQueryExecutor().getProtocolVersion());
            // The 3.2 session carries a long cancel key; pgJDBC must be able to use it.
            JdbcAssertions.cancelSleepAndCheck(c, "SELECT pg_sleep(30)");
        }
    }

    @Test
    void pgJdbcSslPreferFallsBackToPlain() throws Exception {
        Properties p = new Properties();
        p.setProperty("sslmode", "prefer");
        try (Connection c = proxy.connect("app", "app", p)) {
            assertEquals("app", scalar(c, "SELECT current_user"));
        }
    }

    // ---- raw packets, compared with PostgreSQL ------------------------------------------------------

    @Test
    void greaseIsAnsweredWith32AndTheTestOption() throws Exception {
        byte[] grease = NegotiationWire.startup(GREASE, "_pq_.test_protocol_negotiation", "");
        List<List<Message>> answers = bothAnswer(2, grease);
        List<Message> viaProxy = answers.get(0);
        List<Message> direct = answers.get(1);

        Message v = viaProxy.get(0);
        assertEquals('v', v.type(), () -> "expected NegotiateProtocolVersion, got " + v);
        assertEquals(V3_2, v.int32(0));
        assertEquals(List.of("_pq_.test_protocol_negotiation"), NegotiationWire.negotiatedOptions(v));
        assertArrayEquals(direct.get(0).wire(), v.wire(), () -> "PostgreSQL sent " + direct.get(0) + ", proxy " + v);
        assertSaslRequest(viaProxy.get(1));
        assertArrayEquals(direct.get(1).wire(), viaProxy.get(1).wire(), "AuthenticationSASL differs from PostgreSQL's");
    }

    @Test
    void unknownProtocolOptionOn32IsListed() throws Exception {
        byte[] packet = NegotiationWire.startup(V3_2, "_pq_.no_such_option", "on");
        List<List<Message>> answers = bothAnswer(2, packet);
        Message v = answers.get(0).get(0);
        assertEquals('v', v.type(), () -> "expected NegotiateProtocolVersion, got " + v);
        assertEquals(V3_2, v.int32(0));
        assertEquals(List.of("_pq_.no_such_option"), NegotiationWire.negotiatedOptions(v));
        assertArrayEquals(answers.get(1).get(0).wire(), v.wire(), () -> "PostgreSQL sent " + answers.get(1).get(0));
        assertSaslRequest(answers.get(0).get(1));
    }

    /**
     * The proxy accepts its own extensions (and the core proposal's report_parameters) and lists the rest, grease
     * included; PostgreSQL, given the same startup, lists every one of them and goes on to authentication, so a
     * client may send them to either.
     */
    @Test
    void switchboardExtensionsAreAcceptedWhereEveryOtherOptionIsListed() throws Exception {
        byte[] packet = NegotiationWire.startup(GREASE, "_pq_.test_protocol_negotiation", "",
                "_pq_.switchboard.topology", "on", "_pq_.switchboard.goaway", "on", "_pq_.switchboard.nope", "on",
                "_pq_.report_parameters", "work_mem");
        List<List<Message>> answers = bothAnswer(2, packet);
        Message viaProxy = answers.get(0).get(0);
        assertEquals('v', viaProxy.type(), () -> "expected NegotiateProtocolVersion, got " + viaProxy);
        assertEquals(V3_2, viaProxy.int32(0));
        assertEquals(List.of("_pq_.test_protocol_negotiation", "_pq_.switchboard.nope"),
                NegotiationWire.negotiatedOptions(viaProxy));
        assertSaslRequest(answers.get(0).get(1));
        Message direct = answers.get(1).get(0);
        assertEquals(List.of("_pq_.test_protocol_negotiation", "_pq_.switchboard.topology", "_pq_.switchboard.goaway",
                "_pq_.switchboard.nope", "_pq_.report_parameters"), NegotiationWire.negotiatedOptions(direct));
        assertSaslRequest(answers.get(1).get(1));
    }

    @ParameterizedTest
    @ValueSource(ints = {V3_0, V3_2})
    void supportedVersionWithoutOptionsGetsNoNegotiation(int version) throws Exception {
        List<List<Message>> answers = bothAnswer(1, NegotiationWire.startup(version));
        assertSaslRequest(answers.get(0).get(0));
        assertSaslRequest(answers.get(1).get(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00010000, 0x00020000})
    void oldMajorIsRefusedInTheOldFormatLikePostgreSql(int version) throws Exception {
        // PostgreSQL answers protocol 1 and 2 in their own error format ('E', one text line), not with
        // an ErrorResponse such a client could not read; byte for byte the same from the proxy.
        List<byte[]> answers = new ArrayList<>();
        for (String address : List.of(proxyAddress(), TestCluster.primaryAddress())) {
            try (NegotiationWire wire = NegotiationWire.to(address)) {
                wire.send(NegotiationWire.startup(version));
                answers.add(wire.readUntilClosed());
            }
        }
        String expected = "EFATAL:  unsupported frontend protocol " + (version >> 16) + ".0: server supports 3.0 to 3.2\n\0";
        assertEquals(expected, new String(answers.get(1), StandardCharsets.UTF_8), "PostgreSQL's answer changed");
        assertEquals(expected, new String(answers.get(0), StandardCharsets.UTF_8));
    }

    @Test
    void newerMajorIsRefusedLikePostgreSql() throws Exception {
        List<Map<Character, String>> errors = new ArrayList<>();
        for (String address : List.of(proxyAddress(), TestCluster.primaryAddress())) {
            try (NegotiationWire wire = NegotiationWire.to(address)) {
                wire.send(NegotiationWire.startup(0x00040000));
                Message e = wire.readMessage();
                assertEquals('E', e.type(), () -> address + " answered " + e);
                errors.add(NegotiationWire.errorFields(e));
                assertTrue(wire.closedByPeer(), address + " kept the connection open after a FATAL error");
            }
        }
        Map<Character, String> viaProxy = errors.get(0);
        Map<Character, String> direct = errors.get(1);
        for (char field : new char[] {'S', 'V', 'C', 'M'}) {
            assertEquals(direct.get(field), viaProxy.get(field), "field " + field + " differs from PostgreSQL's");
        }
        assertEquals("0A000", viaProxy.get('C'));
        assertEquals("unsupported frontend protocol 4.0: server supports 3.0 to 3.2", viaProxy.get('M'));
    }

    @ParameterizedTest
    @ValueSource(ints = {NegotiationWire.SSL_REQUEST, NegotiationWire.GSSENC_REQUEST})
    void encryptionRequestIsAnsweredNThenStartupWorks(int request) throws Exception {
        for (String address : List.of(proxyAddress(), TestCluster.primaryAddress())) {
            try (NegotiationWire wire = NegotiationWire.to(address)) {
                wire.send(NegotiationWire.request(request));
                assertEquals('N', wire.readByte(), address + " did not refuse encryption");
                // Nothing else may follow the single byte: the next thing read answers the startup.
                wire.send(NegotiationWire.startup(V3_0));
                assertSaslRequest(wire.readMessage());
            }
        }
    }
}

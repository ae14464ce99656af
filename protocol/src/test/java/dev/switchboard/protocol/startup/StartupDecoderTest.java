// Tests for StartupDecoder and the startup packets' encoders.
package dev.switchboard.protocol.startup;

import static dev.switchboard.protocol.TestBufs.assertBytes;
import static dev.switchboard.protocol.TestBufs.assertEncodes;
import static dev.switchboard.protocol.TestBufs.encode;
import static dev.switchboard.protocol.TestBufs.hex;
import static dev.switchboard.protocol.TestBufs.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.TestBufs;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartupDecoderTest {

    // version 3.0, user=bob, database=app, then the terminator.
    private static final String STARTUP_HEX = "0000001f 00030000 7573657200 626f6200 646174616261736500 61707000 00";

    private static StartupMessage startup(ProtocolVersion v, String... kv) {
        LinkedHashMap<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return new StartupMessage(v, p);
    }

    private static List<StartupPacket> decode(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(new StartupDecoder());
        ch.writeInbound(TestBufs.wrap(input));
        List<StartupPacket> out = readAll(ch, StartupPacket.class);
        assertFalse(ch.finish());
        return out;
    }

    private static ProtocolException rejected(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(new StartupDecoder());
        ByteBuf in = TestBufs.wrap(input);
        ProtocolException e = assertThrows(ProtocolException.class, () -> ch.writeInbound(in));
        assertEquals("08P01", e.sqlState());
        assertEquals(0, in.refCnt());
        // After a violation the decoder swallows everything.
        ByteBuf more = TestBufs.wrap(hex("00000008 04d2162f"));
        assertFalse(ch.writeInbound(more));
        assertEquals(0, more.refCnt());
        assertFalse(ch.finish());
        return e;
    }

    @Test
    void startupMessageEncodesAsDocumented() {
        assertEncodes(STARTUP_HEX, startup(ProtocolVersion.V3_0, "user", "bob", "database", "app"));
    }

    @Test
    void startupMessageSplitAtEveryByte() {
        byte[] input = hex(STARTUP_HEX);
        for (int split = 0; split <= input.length; split++) {
            EmbeddedChannel ch = new EmbeddedChannel(new StartupDecoder());
            ch.writeInbound(TestBufs.wrap(input, 0, split));
            ch.writeInbound(TestBufs.wrap(input, split, input.length - split));
            StartupMessage m = (StartupMessage) ch.readInbound();
            assertEquals(ProtocolVersion.V3_0, m.version());
            assertEquals("bob", m.user());
            assertEquals("app", m.database());
            assertNull(ch.readInbound());
            assertFalse(ch.finish());
        }
    }

    @Test
    void startupFollowedByTypedMessagesHandsThemToTheReplacement() {
        // StartupMessage and a pipelined Query in one buffer, as an eager client may send them.
        byte[] startup = hex(STARTUP_HEX);
        byte[] query = hex("51 0000000d 53454c4543542031 00");
        ByteBuf in = TestBufs.alloc().writeBytes(startup).writeBytes(query);
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast("startup", new StartupDecoder());
        ch.writeInbound(in);
        StartupMessage m = ch.readInbound();
        assertEquals("bob", m.user());
        assertNull(ch.readInbound(), "the typed stream is not the startup decoder's");
        ch.pipeline().replace("startup", "frames",
                new FrameDecoder(FrameLimits.frontendDefaults(1 << 20)));
        Frame f = ch.readInbound();
        assertEquals(FrontendType.QUERY, f.type());
        assertBytes(query, TestBufs.bytes(f.content()));
        f.release();
        assertFalse(ch.finish());
    }

    @Test
    void encryptionRequestThenStartupAreBothDecoded() {
        // The client answers 'N' with a plain StartupMessage on the same connection.
        EmbeddedChannel ch = new EmbeddedChannel(new StartupDecoder());
        ch.writeInbound(TestBufs.wrap(hex("00000008 04d21630")));
        assertSame(GssEncRequest.INSTANCE, ch.readInbound());
        ch.writeInbound(TestBufs.wrap(hex(STARTUP_HEX)));
        assertTrue(ch.readInbound() instanceof StartupMessage);
        assertFalse(ch.finish());
    }

    @Test
    void bytesAfterCancelRequestAreLeftAlone() {
        ByteBuf in = TestBufs.alloc().writeBytes(encode(new CancelRequest(7, hex("01020304")))).writeByte(0x58);
        EmbeddedChannel ch = new EmbeddedChannel(new StartupDecoder());
        ch.writeInbound(in);
        assertEquals(new CancelRequest(7, hex("01020304")), ch.readInbound());
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
        assertEquals(0, in.refCnt());
    }

    @Test
    void greaseVersionAndProtocolOptionsAreDecoded() {
        StartupMessage sent = startup(ProtocolVersion.GREASE, "user", "u", "_pq_.test_protocol_negotiation", "",
                "application_name", "psql", "options", "-c x=1");
        List<StartupPacket> out = decode(encode(sent));
        StartupMessage m = (StartupMessage) out.get(0);
        assertEquals(new ProtocolVersion(3, 9999), m.version());
        assertEquals(206607, m.version().code());
        assertEquals(sent, m);
        assertEquals("u", m.database(), "database defaults to the user");
        assertEquals(Map.of("_pq_.test_protocol_negotiation", ""), m.protocolOptions());
        assertEquals(List.of("application_name", "options"), List.copyOf(m.options().keySet()));
    }

    @Test
    void backendLegCopies() {
        StartupMessage client = startup(ProtocolVersion.GREASE, "user", "u", "_pq_.switchboard.topology", "on",
                "database", "d");
        StartupMessage backend = client.withoutProtocolOptions().withVersion(ProtocolVersion.V3_2)
                .withParameter("application_name", "switchboard");
        assertEquals(ProtocolVersion.V3_2, backend.version());
        assertEquals(List.of("user", "database", "application_name"), List.copyOf(backend.parameters().keySet()));
        assertEquals(3, client.parameters().size(), "the original is untouched");
    }

    @Test
    void otherMajorVersionIsEmittedForTheCallerToRefuse() {
        ByteBuf v2 = TestBufs.alloc().writeInt(296).writeInt(2 << 16).writeBytes(new byte[288]);
        List<StartupPacket> out = decode(TestBufs.bytes(v2));
        v2.release();
        StartupMessage m = (StartupMessage) out.get(0);
        assertEquals(new ProtocolVersion(2, 0), m.version());
        assertTrue(m.parameters().isEmpty());
        assertNull(m.user());
    }

    @Test
    void missingUserIsNotTheDecodersBusiness() {
        StartupMessage m = (StartupMessage) decode(hex("00000009 00030000 00")).get(0);
        assertTrue(m.parameters().isEmpty());
    }

    @Test
    void encryptionRequests() {
        assertEncodes("00000008 04d2162f", SslRequest.INSTANCE);
        assertEncodes("00000008 04d21630", GssEncRequest.INSTANCE);
        assertSame(SslRequest.INSTANCE, decode(hex("00000008 04d2162f")).get(0));
        assertSame(GssEncRequest.INSTANCE, decode(hex("00000008 04d21630")).get(0));
    }

    @Test
    void bytesAfterSslRequestAreRefused() {
        ProtocolException e = rejected(hex("00000008 04d2162f" + STARTUP_HEX));
        assertEquals("received unencrypted data after SSL request", e.getMessage());
        rejected(hex("0000000c 04d2162f 00000000"));
    }

    @Test
    void cancelRequestsWithValidKeys() {
        assertEncodes("00000010 04d2162e 0000002a 01020304", new CancelRequest(42, hex("01020304")));
        byte[] key32 = new byte[32];
        for (int i = 0; i < 32; i++) {
            key32[i] = (byte) i;
        }
        CancelRequest c = (CancelRequest) decode(encode(new CancelRequest(-5, key32))).get(0);
        assertEquals(-5, c.processId());
        assertArrayEquals(key32, c.secretKey());
        assertTrue(c.keyMatches(key32));
        CancelRequest max = (CancelRequest) decode(encode(new CancelRequest(1, new byte[256]))).get(0);
        assertEquals(256, max.secretKey().length);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 257})
    void cancelRequestsWithBadKeyLengthsAreRefused(int keyLength) {
        ByteBuf b = TestBufs.alloc().writeInt(12 + keyLength).writeInt(CancelRequest.CODE).writeInt(1)
                .writeBytes(new byte[keyLength]);
        byte[] input = TestBufs.bytes(b);
        b.release();
        ProtocolException e = rejected(input);
        assertTrue(e.getMessage().contains("secret key of " + keyLength + " bytes"), e.getMessage());
        assertThrows(ProtocolException.class, () -> new CancelRequest(1, new byte[keyLength]));
    }

    @Test
    void garbageFirstBytesAreRefused() {
        ProtocolException http = rejected("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(http.getMessage().startsWith("invalid length of startup packet: "), http.getMessage());
        ProtocolException tls = rejected(hex("16030100c4010000c00303"));
        assertTrue(tls.getMessage().contains("TLS handshake without SSLRequest"), tls.getMessage());
        rejected(hex("ffffffff 00030000"));
        rejected(hex("00000007 00030000"));
    }

    @Test
    void packetOf10005BytesIsRefusedAnd10004AcceptedAsByTheServer() {
        // PostgreSQL's 10000-byte limit does not count the 4-byte length word.
        ProtocolException e = rejected(hex("00002715 00030000"));
        assertEquals("invalid length of startup packet: 10005", e.getMessage());

        StringBuilder value = new StringBuilder();
        // 8 header + "user\0" (5) + value + NUL + terminator = 10004
        value.append("x".repeat(10004 - 8 - 5 - 1 - 1));
        StartupMessage big = startup(ProtocolVersion.V3_0, "user", value.toString());
        byte[] input = encode(big);
        assertEquals(10004, input.length);
        assertEquals(big, decode(input).get(0));
    }

    @Test
    void badParameterLayoutsAreRefused() {
        ProtocolException noTerminator = rejected(hex("0000000e 00030000 7500 7600 7700")); // "w" has no value
        assertTrue(noTerminator.getMessage().contains("not NUL-terminated"), noTerminator.getMessage());
        ProtocolException empty = rejected(hex("00000008 00030000"));
        assertEquals("invalid startup packet layout: missing terminator", empty.getMessage());
        ProtocolException trailing = rejected(hex("0000000a 00030000 0041"));
        assertEquals("invalid startup packet layout: expected terminator as last byte", trailing.getMessage());
        rejected(hex("0000000c 00030000 75007600")); // pairs but no final NUL
    }

    @Test
    void encryptionRequestWithWrongLengthIsRefused() {
        ProtocolException e = rejected(hex("0000000c 04d21630 00000000"));
        assertEquals("invalid length of GSSAPI request: 12", e.getMessage());
    }
}

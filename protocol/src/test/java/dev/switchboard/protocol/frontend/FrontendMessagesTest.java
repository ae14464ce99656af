// Round trips and wire-format checks for every frontend message.
package dev.switchboard.protocol.frontend;

import static dev.switchboard.protocol.TestBufs.assertBytes;
import static dev.switchboard.protocol.TestBufs.assertEncodes;
import static dev.switchboard.protocol.TestBufs.encode;
import static dev.switchboard.protocol.TestBufs.frameOf;
import static dev.switchboard.protocol.TestBufs.hex;
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
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.TestBufs;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrontendMessagesTest {

    private static Bind bind(String portal, String statement) {
        ByteBuf b = TestBufs.alloc();
        Bind.write(b, portal, statement, new short[] {1}, Arrays.asList(hex("0000002a"), null),
                new short[] {0, 1});
        return new Bind(b.skipBytes(5));
    }

    /** One sample of every frontend message type (payload holders built fresh on each call). */
    static List<FrontendMessage> samples() {
        return List.of(bind("p1", "s1"), new Close('S', "s1"), new CopyData(TestBufs.wrap(hex("0a0b"))),
                CopyDone.INSTANCE, new CopyFail("aborted by user"), new Describe('P', ""), new Execute("", 100),
                Flush.INSTANCE,
                new FunctionCall(1598, new short[] {1}, Arrays.asList(hex("01"), null), (short) 1),
                new GSSResponse(hex("6082")), new Parse("s1", "SELECT $1::int", new int[] {23}),
                new PasswordMessage("md5abcdef"), new Query("SELECT 1; SELECT 2"),
                new SASLInitialResponse("SCRAM-SHA-256", "n,,n=,r=abc".getBytes(StandardCharsets.US_ASCII)),
                new SASLInitialResponse("SCRAM-SHA-256", null), new SASLResponse("c=biws,r=abc,p=x".getBytes()),
                Sync.INSTANCE, Terminate.INSTANCE);
    }

    /** 'p' is contextual: the caller picks the class, as the proxy does from the auth exchange. */
    private static FrontendMessage decodeLike(FrontendMessage sample, Frame f) {
        if (sample instanceof SASLInitialResponse) {
            return SASLInitialResponse.decode(f.body());
        } else if (sample instanceof SASLResponse) {
            return SASLResponse.decode(f.body());
        } else if (sample instanceof GSSResponse) {
            return GSSResponse.decode(f.body());
        }
        return FrontendMessages.decode(f);
    }

    @Test
    void everyTypeRoundTrips() {
        List<FrontendMessage> samples = samples();
        assertEquals(FrontendMessage.class.getPermittedSubclasses().length,
                samples.stream().map(Object::getClass).distinct().count(), "a message type has no sample");
        for (FrontendMessage msg : samples) {
            byte[] wire = encode(msg);
            assertEquals(msg.type(), wire[0], msg::toString);
            Frame frame = frameOf(msg);
            FrontendMessage decoded = decodeLike(msg, frame);
            frame.release();
            assertSame(msg.getClass(), decoded.getClass());
            assertBytes(wire, encode(decoded));
            if (!(msg instanceof Bind || msg instanceof CopyData || msg instanceof FunctionCall)) {
                assertEquals(msg, decoded);
            }
            ReferenceCountUtil.release(msg);
            ReferenceCountUtil.release(decoded);
            assertEquals(0, frame.refCnt(), msg::toString);
        }
    }

    @Test
    void aStreamOfEveryTypeDecodesThroughFrameDecoder() {
        ByteBuf all = TestBufs.alloc();
        List<FrontendMessage> samples = samples();
        samples.forEach(m -> m.encode(all));
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameLimits.frontendDefaults(1 << 20)));
        ch.writeInbound(all);
        for (FrontendMessage sample : samples) {
            Frame f = ch.readInbound();
            FrontendMessage m = decodeLike(sample, f);
            assertBytes(encode(sample), encode(m));
            f.release();
            ReferenceCountUtil.release(m);
            ReferenceCountUtil.release(sample);
        }
        assertFalse(ch.finish());
    }

    @Test
    void truncatedOrExtendedBodiesFailAsProtocolViolations() {
        for (FrontendMessage msg : samples()) {
            byte[] wire = encode(msg);
            for (int cut = 5; cut <= wire.length + 1; cut++) {
                ByteBuf b = TestBufs.alloc().writeBytes(wire, 0, Math.min(cut, wire.length));
                if (cut > wire.length) {
                    b.writeByte(0x7f);
                }
                b.setInt(1, b.readableBytes() - 1);
                Frame f = Frame.wrap(b);
                try {
                    ReferenceCountUtil.release(decodeLike(msg, f));
                } catch (ProtocolException expectedForMostCuts) {
                    assertEquals("08P01", expectedForMostCuts.sqlState());
                } finally {
                    f.release();
                }
            }
            ReferenceCountUtil.release(msg);
        }
    }

    @Test
    void documentedBytes() {
        assertEncodes("51 0000000d 53454c4543542031 00", new Query("SELECT 1"));
        assertEncodes("53 00000004", Sync.INSTANCE);
        assertEncodes("48 00000004", Flush.INSTANCE);
        assertEncodes("58 00000004", Terminate.INSTANCE);
        assertEncodes("50 00000017 733100 53454c454354202431 00 0001 00000017",
                new Parse("s1", "SELECT $1", new int[] {23}));
        assertEncodes("45 00000009 00 00000000", new Execute("", 0));
        assertEncodes("44 00000008 53 733100", new Describe('S', "s1"));
        assertEncodes("43 00000006 50 00", new Close('P', ""));
        assertEncodes("70 00000016 534352414d2d5348412d32353600 ffffffff",
                new SASLInitialResponse("SCRAM-SHA-256", null));
        assertEncodes("70 00000007 707700", new PasswordMessage("pw"));
        Bind b = bind("", "s1");
        assertEncodes("42 00000020 00 733100 0001 0001 0002 00000004 0000002a ffffffff 0002 0000 0001", b);
        b.release();
    }

    @Test
    void bindIsReadOnDemandAndCanBeRenamed() {
        Bind b = bind("p1", "s1");
        assertEquals("p1", b.portal());
        assertEquals("s1", b.statement());
        assertArrayEquals(new short[] {1}, b.parameterFormats());
        assertEquals(2, b.parameterCount());
        assertEquals(42, b.parameter(0).getInt(0));
        assertNull(b.parameter(1));
        assertArrayEquals(new short[] {0, 1}, b.resultFormats());
        ByteBuf renamed = TestBufs.alloc();
        b.encodeWithStatement(renamed, "sb_17");
        Bind expected = bind("p1", "sb_17");
        assertBytes(encode(expected), TestBufs.bytes(renamed));
        renamed.release();
        expected.release();
        assertTrue(b.release());
        assertEquals("Bind[released]", b.toString());

        ByteBuf bad = TestBufs.buf("00 733100 0001");
        assertThrows(ProtocolException.class, () -> new Bind(bad));
        assertEquals(0, bad.refCnt(), "the constructor owns its body even when it fails");
    }

    @Test
    void violationsAndContext() {
        ProtocolException noNul = TestBufs.assertViolation("5345", Query::decode);
        assertEquals("invalid Query message: string is not NUL-terminated", noNul.getMessage());
        assertEquals("08P01", noNul.sqlState());
        Frame unknown = Frame.wrap(TestBufs.buf("7a 00000004"));
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrontendMessages.decode(unknown));
        assertEquals("invalid frontend message type Unknown(0x7a)", e.getMessage());
        unknown.release();
        TestBufs.assertViolation("5800", Describe::decode);
        assertThrows(IllegalArgumentException.class, () -> encode(new Query("a\0b")));
        assertEquals("PasswordMessage[***]", new PasswordMessage("secret").toString());
        Frame p = frameOf(new PasswordMessage("secret"));
        assertTrue(FrontendMessages.decode(p) instanceof PasswordMessage, "'p' defaults to PasswordMessage");
        p.release();
        assertEquals("s2", new Parse("s1", "q", new int[0]).withStatement("s2").statement());
        assertEquals("x", new Close('S', "a").withName("x").name());
    }
}

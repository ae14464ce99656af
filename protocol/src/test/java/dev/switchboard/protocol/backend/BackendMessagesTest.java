// Round trips and wire-format checks for every backend message.
package dev.switchboard.protocol.backend;

import static dev.switchboard.protocol.TestBufs.assertBytes;
import static dev.switchboard.protocol.TestBufs.assertEncodes;
import static dev.switchboard.protocol.TestBufs.encode;
import static dev.switchboard.protocol.TestBufs.frameOf;
import static dev.switchboard.protocol.TestBufs.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.TestBufs;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendMessagesTest {

    /** One sample of every backend message type (payload holders built fresh on each call). */
    static List<BackendMessage> samples() {
        ByteBuf row = TestBufs.alloc();
        DataRow.writeText(row, Arrays.asList("hi", null, ""));
        DataRow dataRow = DataRow.decode(row.skipBytes(5));
        row.release();
        return List.of(
                AuthenticationOk.INSTANCE, AuthenticationKerberosV5.INSTANCE,
                AuthenticationCleartextPassword.INSTANCE, new AuthenticationMD5Password(hex("0a0b0c0d")),
                AuthenticationGSS.INSTANCE, new AuthenticationGSSContinue(hex("cafe")), AuthenticationSSPI.INSTANCE,
                new AuthenticationSASL(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")),
                new AuthenticationSASLContinue("r=abc,s=xyz,i=4096".getBytes()),
                new AuthenticationSASLFinal("v=proof".getBytes()), new AuthenticationOther(42, hex("01")),
                new BackendKeyData(1234, new byte[32]), BindComplete.INSTANCE, CloseComplete.INSTANCE,
                new CommandComplete("INSERT 0 5"), new CopyData(TestBufs.wrap(hex("0102030405"))),
                CopyDone.INSTANCE, new CopyInResponse(0, new short[] {0, 0}),
                new CopyOutResponse(1, new short[] {1}), new CopyBothResponse(0, new short[0]), dataRow,
                EmptyQueryResponse.INSTANCE, ErrorResponse.error("42P01", "relation \"x\" does not exist")
                        .withField('P', "15").withField('F', "parse_relation.c"),
                new FunctionCallResponse(hex("00000001")), new FunctionCallResponse(null), GoAway.INSTANCE,
                new NegotiateProtocolVersion(ProtocolVersion.V3_2, List.of("_pq_.test_protocol_negotiation")),
                NoData.INSTANCE, NoticeResponse.warning("01000", "careful").withDetail("d"),
                new NotificationResponse(99, "chan", "payload"), new ParameterDescription(new int[] {23, 25}),
                new ParameterStatus("in_hot_standby", "off"), ParseComplete.INSTANCE, PortalSuspended.INSTANCE,
                ReadyForQuery.IDLE, ReadyForQuery.IN_TRANSACTION, ReadyForQuery.FAILED,
                new RowDescription(List.of(RowDescription.Field.text("a", 25),
                        new RowDescription.Field("b", 16384, (short) 2, 23, (short) 4, -1, (short) 1))));
    }

    @Test
    void everyTypeRoundTripsThroughTheDispatcher() {
        List<BackendMessage> samples = samples();
        assertEquals(BackendMessage.class.getPermittedSubclasses().length - 1
                + Authentication.class.getPermittedSubclasses().length,
                samples.stream().map(Object::getClass).distinct().count(), "a message type has no sample");
        for (BackendMessage msg : samples) {
            byte[] wire = encode(msg);
            assertEquals(msg.type(), wire[0], msg::toString);
            Frame frame = frameOf(msg);
            BackendMessage decoded = BackendMessages.decode(frame);
            frame.release();
            assertSame(msg.getClass(), decoded.getClass());
            assertBytes(wire, encode(decoded));
            if (!(msg instanceof DataRow || msg instanceof CopyData)) {
                assertEquals(msg, decoded);
            }
            ReferenceCountUtil.release(msg);
            ReferenceCountUtil.release(decoded);
            // A payload message's slice may share the frame's count: both are gone only now.
            assertEquals(0, frame.refCnt(), msg::toString);
        }
    }

    @Test
    void aStreamOfEveryTypeDecodesThroughFrameDecoder() {
        ByteBuf all = TestBufs.alloc();
        List<byte[]> expected = new ArrayList<>();
        for (BackendMessage msg : samples()) {
            expected.add(encode(msg));
            msg.encode(all);
            ReferenceCountUtil.release(msg);
        }
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameLimits.backendDefaults(1 << 20)));
        ch.writeInbound(all);
        for (byte[] wire : expected) {
            Frame f = ch.readInbound();
            BackendMessage m = BackendMessages.decode(f);
            assertBytes(wire, encode(m));
            f.release();
            ReferenceCountUtil.release(m);
        }
        assertFalse(ch.finish());
    }

    @Test
    void truncatedOrExtendedBodiesFailAsProtocolViolations() {
        for (BackendMessage msg : samples()) {
            byte[] wire = encode(msg);
            ReferenceCountUtil.release(msg);
            for (int cut = 5; cut <= wire.length + 1; cut++) {
                ByteBuf b = TestBufs.alloc().writeBytes(wire, 0, Math.min(cut, wire.length));
                if (cut > wire.length) {
                    b.writeByte(0x7f);
                }
                b.setInt(1, b.readableBytes() - 1);
                Frame f = Frame.wrap(b);
                try {
                    ReferenceCountUtil.release(BackendMessages.decode(f));
                } catch (ProtocolException expectedForMostCuts) {
                    assertEquals("08P01", expectedForMostCuts.sqlState());
                } finally {
                    f.release();
                }
            }
        }
    }

    @Test
    void documentedBytes() {
        assertEncodes("5a 00000005 49", ReadyForQuery.IDLE);
        assertEncodes("52 00000008 00000000", AuthenticationOk.INSTANCE);
        assertEncodes("52 0000000c 00000005 0a0b0c0d", new AuthenticationMD5Password(hex("0a0b0c0d")));
        assertEncodes("52 00000017 0000000a 534352414d2d5348412d32353600 00",
                new AuthenticationSASL(List.of("SCRAM-SHA-256")));
        assertEncodes("4b 0000000c 000004d2 01020304", new BackendKeyData(1234, hex("01020304")));
        assertEncodes("53 00000008 6100 6200", new ParameterStatus("a", "b"));
        assertEncodes("45 0000001f 53464154414c00 56464154414c00 433038503031 00 4d62616400 00",
                ErrorResponse.fatal("08P01", "bad"));
        assertEncodes("76 00000013 00030002 00000001 5f70715f2e7800",
                new NegotiateProtocolVersion(ProtocolVersion.V3_2, List.of("_pq_.x")));
        ByteBuf row = TestBufs.alloc();
        DataRow.writeText(row, Arrays.asList("hi", null));
        assertBytes(hex("44 00000010 0002 00000002 6869 ffffffff"), TestBufs.bytes(row));
        row.release();
        assertEncodes("67 00000004", GoAway.INSTANCE); // the GoAway proposal's byte, empty body
        assertEncodes("74 0000000e 0002 00000017 00000019", new ParameterDescription(new int[] {23, 25}));
        assertEncodes("47 0000000b 00 0002 0000 0001", new CopyInResponse(0, new short[] {0, 1}));
    }

    @Test
    void errorResponseFieldsAndOrder() {
        ErrorResponse e = ErrorResponse.fatal("53300", "too many connections for pool app")
                .withDetail("20 of 20 in use").withHint("raise pool.size");
        assertEquals(List.of('S', 'V', 'C', 'M', 'D', 'H'), List.copyOf(e.fields().keySet()));
        assertEquals("FATAL", e.severity());
        assertTrue(e.isFatal());
        assertEquals("53300", e.sqlState());
        assertEquals("too many connections for pool app", e.message());
        assertEquals("raise pool.size", e.field(Fields.HINT));
        ErrorResponse plain = ErrorResponse.error("57014", "canceling statement due to user request");
        assertFalse(plain.isFatal());
        assertEquals("ERROR", plain.severity());
        ErrorResponse fromViolation = ErrorResponse.fatal(ProtocolException.violation("oops"));
        assertEquals("08P01", fromViolation.sqlState());
        // A server error with unknown field codes and no V field still decodes.
        Frame f = Frame.wrap(TestBufs.buf("45 00000019 53 4552524f5200 43 3432363031 00 5a 7a00 4d 6d00 00"));
        ErrorResponse odd = (ErrorResponse) BackendMessages.decode(f);
        f.release();
        assertEquals("ERROR", odd.severity());
        assertEquals("z", odd.field('Z'));
    }

    @Test
    void dataRowParsesColumnsOnDemand() {
        ByteBuf row = TestBufs.alloc();
        DataRow.writeText(row, Arrays.asList("héllo", null, ""));
        Frame f = Frame.wrap(row);
        DataRow d = DataRow.decode(f.body());
        f.release();
        assertEquals(1, d.refCnt());
        assertEquals(3, d.columnCount());
        assertEquals("héllo", d.text(0));
        assertNull(d.value(1));
        assertEquals("", d.text(2));
        assertEquals(Arrays.asList("héllo", null, ""), d.texts());
        assertThrows(IndexOutOfBoundsException.class, () -> d.value(3));
        assertTrue(d.release());
        assertEquals(0, f.refCnt());
        ProtocolException bad = TestBufs.assertViolation("0001 fffffffe", DataRow::decode);
        assertTrue(bad.getMessage().contains("length -2"), bad.getMessage());
    }

    @Test
    void commandCompleteTag() {
        assertEquals(5, new CommandComplete("INSERT 0 5").rowCount());
        assertEquals("INSERT", new CommandComplete("INSERT 0 5").command());
        assertEquals(-1, new CommandComplete("DISCARD ALL").rowCount());
        assertEquals("DISCARD ALL", new CommandComplete("DISCARD ALL").command());
        assertEquals("SELECT", new CommandComplete("SELECT 12").command());
    }

    @Test
    void contextualChecks() {
        ProtocolException status = TestBufs.assertViolation("58", ReadyForQuery::decode);
        assertTrue(status.getMessage().contains("0x58"));
        ProtocolException kind = TestBufs.assertViolation("00000000", AuthenticationSASL::decode);
        assertEquals("expected AuthenticationSASL but received AuthenticationOk (code 0)", kind.getMessage());
        Frame unknown = Frame.wrap(TestBufs.buf("6a 00000004"));
        ProtocolException e = assertThrows(ProtocolException.class, () -> BackendMessages.decode(unknown));
        assertEquals("unexpected message type Unknown(0x6a) from server", e.getMessage());
        unknown.release();
        Frame piece = new Frame(BackendType.DATA_ROW, 100, true, false, TestBufs.buf("4400000064"));
        assertThrows(IllegalArgumentException.class, () -> BackendMessages.decode(piece));
        piece.release();
        assertThrows(ProtocolException.class, () -> new BackendKeyData(1, new byte[3]));
        assertThrows(ProtocolException.class, () -> new BackendKeyData(1, new byte[257]));
        assertEquals("BackendKeyData[processId=1, key=4 bytes]", new BackendKeyData(1, new byte[4]).toString());
    }
}

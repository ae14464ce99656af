// Tests for FrameDecoder: splitting, streaming, limits, unknown types and buffer ownership.
package dev.switchboard.protocol;

import static dev.switchboard.protocol.TestBufs.assertBytes;
import static dev.switchboard.protocol.TestBufs.bytes;
import static dev.switchboard.protocol.TestBufs.hex;
import static dev.switchboard.protocol.TestBufs.readAll;
import static dev.switchboard.protocol.TestBufs.releaseAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {

    private static final int MAX = 1 << 20;

    // ReadyForQuery, ParameterStatus, unknown 'j' (empty), CommandComplete, small DataRow.
    private static final byte[] STREAM = hex("5a 00000005 49"
            + "53 00000009 6100 6231 00"
            + "6a 00000004"
            + "43 0000000d 53454c4543542031 00"
            + "44 0000000c 0001 00000002 6869");
    private static final byte[] TYPES = {'Z', 'S', 'j', 'C', 'D'};

    private static EmbeddedChannel backend() {
        return new EmbeddedChannel(new FrameDecoder(FrameLimits.backendDefaults(MAX)));
    }

    private static void assertSplitIntoWholeFrames(List<Frame> frames) {
        assertEquals(TYPES.length, frames.size(), frames::toString);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            assertTrue(f.isWhole(), f::toString);
            assertEquals(TYPES[i], f.type());
            assertEquals(f.content().readableBytes(), f.length() + 1);
            all.writeBytes(bytes(f.content()));
        }
        assertBytes(STREAM, all.toByteArray());
    }

    @Test
    void splitAtEveryByteBoundary() {
        for (int split = 0; split <= STREAM.length; split++) {
            EmbeddedChannel ch = backend();
            ch.writeInbound(TestBufs.wrap(STREAM, 0, split));
            ch.writeInbound(TestBufs.wrap(STREAM, split, STREAM.length - split));
            List<Frame> frames = readAll(ch, Frame.class);
            assertSplitIntoWholeFrames(frames);
            releaseAll(frames);
            assertFalse(ch.finish());
        }
    }

    @Test
    void oneByteAtATime() {
        EmbeddedChannel ch = backend();
        for (byte b : STREAM) {
            ch.writeInbound(TestBufs.wrap(new byte[] {b}));
        }
        List<Frame> frames = readAll(ch, Frame.class);
        assertSplitIntoWholeFrames(frames);
        releaseAll(frames);
        assertFalse(ch.finish());
    }

    @Test
    void twoMessagesInOneBuffer() {
        EmbeddedChannel ch = backend();
        ch.writeInbound(TestBufs.buf("5a0000000549 430000000d53454c454354203100"));
        List<Frame> frames = readAll(ch, Frame.class);
        assertEquals(2, frames.size());
        assertBytes(hex("5a0000000549"), bytes(frames.get(0).content()));
        assertBytes(hex("49"), bytes(frames.get(0).body()));
        assertEquals(BackendType.COMMAND_COMPLETE, frames.get(1).type());
        assertEquals(13, frames.get(1).length());
        assertBytes(hex("53454c454354203100"), bytes(frames.get(1).body()));
        releaseAll(frames);
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 3, Integer.MAX_VALUE, MAX + 1, Integer.MIN_VALUE})
    void invalidLengthIsProtocolViolationAndLaterInputIsDiscarded(int length) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameLimits.frontendDefaults(MAX)));
        ByteBuf in = TestBufs.alloc().writeByte('Q').writeInt(length).writeBytes(new byte[16]);
        ProtocolException e = assertThrows(ProtocolException.class, () -> ch.writeInbound(in));
        assertEquals("08P01", e.sqlState());
        assertTrue(e.getMessage().startsWith("message of type 'Q' has invalid length " + length), e.getMessage());
        assertEquals(0, in.refCnt());
        ByteBuf later = TestBufs.buf("5300000004");
        assertFalse(ch.writeInbound(later));
        assertEquals(0, later.refCnt());
        assertFalse(ch.finish());
    }

    @Test
    void oversizeWholeAndStreamableTypesAreRejected() {
        for (byte type : new byte[] {'T', 'D', 0x01}) {
            EmbeddedChannel ch = backend();
            ByteBuf in = TestBufs.alloc().writeByte(type).writeInt(MAX + 1);
            ProtocolException e = assertThrows(ProtocolException.class, () -> ch.writeInbound(in));
            assertEquals("08P01", e.sqlState());
            assertTrue(e.getMessage().contains("invalid length " + (MAX + 1) + " (limit " + MAX + ")"), e.getMessage());
            assertFalse(ch.finish());
        }
    }

    @Test
    void nonPrintableTypeIsNamedInHex() {
        EmbeddedChannel ch = backend();
        ProtocolException e = assertThrows(ProtocolException.class, () -> ch.writeInbound(TestBufs.buf("01ffffffff")));
        assertEquals("message of type 0x01 has invalid length -1", e.getMessage());
        assertFalse(ch.finish());
    }

    @Test
    void unknownTypesAreForwarded() {
        EmbeddedChannel ch = backend();
        ch.writeInbound(TestBufs.buf("00 00000005 ff  6a 00000004  fe 00000006 0102"));
        List<Frame> frames = readAll(ch, Frame.class);
        assertEquals(3, frames.size());
        assertEquals(0, frames.get(0).type());
        assertEquals("Unknown(0x6a)", BackendType.name(frames.get(1).type()));
        assertBytes(hex("fe000000060102"), bytes(frames.get(2).content()));
        releaseAll(frames);
        assertFalse(ch.finish());
    }

    @Test
    void largeDataRowIsStreamedInPiecesAsBytesArrive() {
        FrameDecoder decoder = new FrameDecoder(FrameLimits.backendDefaults(16 << 20));
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        int valueLength = 1_000_000;
        ByteBuf msg = TestBufs.alloc();
        msg.writeByte('D').writeInt(4 + 2 + 4 + valueLength).writeShort(1).writeInt(valueLength);
        for (int i = 0; i < valueLength; i++) {
            msg.writeByte(i * 31);
        }
        msg.writeBytes(TestBufs.hex("5a0000000549"));
        byte[] input = bytes(msg);
        msg.release();

        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        List<Frame> frames = new java.util.ArrayList<>();
        int step = 7001;
        for (int at = 0; at < input.length; at += step) {
            int n = Math.min(step, input.length - at);
            ch.writeInbound(TestBufs.wrap(input, at, n));
            List<Frame> got = readAll(ch, Frame.class);
            for (Frame f : got) {
                seen.writeBytes(bytes(f.content()));
            }
            frames.addAll(got);
            // Everything that arrived was passed on: nothing of the row accumulates in the decoder.
            assertTrue(decoder.bufferedBytes() < Frame.HEADER_SIZE, () -> "buffered " + decoder.bufferedBytes());
            assertEquals(at + n - decoder.bufferedBytes(), seen.size());
            got.forEach(Frame::release);
        }
        assertBytes(input, seen.toByteArray());
        Frame first = frames.get(0);
        Frame rfq = frames.get(frames.size() - 1);
        Frame lastPiece = frames.get(frames.size() - 2);
        assertTrue(first.isFirst() && !first.isLast());
        assertTrue(lastPiece.isLast() && !lastPiece.isFirst());
        assertTrue(rfq.isWhole());
        assertEquals((byte) 'Z', rfq.type());
        for (Frame f : frames.subList(0, frames.size() - 1)) {
            assertEquals((byte) 'D', f.type());
            assertEquals(4 + 2 + 4 + valueLength, f.length());
            assertEquals(0, f.refCnt());
        }
        assertTrue(frames.subList(1, frames.size() - 2).stream().noneMatch(f -> f.isFirst() || f.isLast()));
        assertFalse(ch.finish());
    }

    @Test
    void streamableMessageAtChunkSizeIsWholeAndOneByteMoreStreams() {
        FrameLimits limits = FrameLimits.backendDefaults(MAX).withStreamChunkSize(64);
        // 1 + length == chunk: waited for and emitted whole.
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(limits));
        ch.writeInbound(TestBufs.alloc().writeByte('d').writeInt(63).writeBytes(new byte[30]));
        assertNull(ch.readInbound());
        ch.writeInbound(TestBufs.wrap(new byte[29]));
        Frame whole = ch.readInbound();
        assertTrue(whole.isWhole());
        assertEquals(64, whole.content().readableBytes());
        whole.release();
        assertFalse(ch.finish());

        // 1 + length == chunk + 1: the first piece goes out before the rest arrives.
        ch = new EmbeddedChannel(new FrameDecoder(limits));
        ch.writeInbound(TestBufs.alloc().writeByte('d').writeInt(64).writeBytes(new byte[30]));
        Frame first = ch.readInbound();
        assertTrue(first.isFirst() && !first.isLast());
        assertEquals(35, first.content().readableBytes());
        first.release();
        ch.writeInbound(TestBufs.wrap(new byte[30]));
        Frame last = ch.readInbound();
        assertTrue(last.isLast() && !last.isFirst());
        assertEquals(30, last.content().readableBytes());
        assertThrows(IllegalStateException.class, last::body);
        last.release();
        assertFalse(ch.finish());
    }

    @Test
    void largeStreamableMessageArrivingAtOnceIsOneWholeFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameLimits.backendDefaults(MAX).withStreamChunkSize(16)));
        byte[] msg = hex("64 00000018" + "00".repeat(20));
        ch.writeInbound(TestBufs.wrap(msg));
        Frame f = ch.readInbound();
        assertTrue(f.isWhole());
        assertBytes(msg, bytes(f.content()));
        f.release();
        assertFalse(ch.finish());
    }

    @Test
    void largeWholeTypeWaitsForTheWholeMessage() {
        FrameDecoder decoder = new FrameDecoder(FrameLimits.backendDefaults(MAX));
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] body = new byte[200_000];
        Arrays.fill(body, (byte) 'x');
        ByteBuf msg = TestBufs.alloc().writeByte('T').writeInt(4 + body.length).writeBytes(body);
        byte[] input = bytes(msg);
        msg.release();
        for (int at = 0; at < input.length; at += 50_000) {
            assertNull(ch.readInbound());
            ch.writeInbound(TestBufs.wrap(input, at, Math.min(50_000, input.length - at)));
        }
        Frame f = ch.readInbound();
        assertTrue(f.isWhole());
        assertBytes(input, bytes(f.content()));
        assertEquals(0, decoder.bufferedBytes());
        f.release();
        assertFalse(ch.finish());
    }

    @Test
    void frontendDefaultsStreamQueryButNotSync() {
        FrameLimits limits = FrameLimits.frontendDefaults(MAX);
        assertFalse(limits.isWhole(FrontendType.QUERY));
        assertFalse(limits.isWhole(FrontendType.COPY_DATA));
        assertFalse(limits.isWhole(FrontendType.BIND));
        assertTrue(limits.isWhole(FrontendType.SYNC));
        assertTrue(limits.isWhole((byte) 'p'));
        FrameLimits backend = FrameLimits.backendDefaults(MAX);
        assertFalse(backend.isWhole(BackendType.DATA_ROW));
        assertTrue(backend.isWhole(BackendType.ERROR_RESPONSE));
        assertTrue(backend.isWhole((byte) 0x7f));
        assertEquals(FrameLimits.DEFAULT_STREAM_CHUNK_SIZE, backend.streamChunkSize());
        assertThrows(IllegalArgumentException.class, () -> new FrameLimits(MAX, 1024, new boolean[3]));
    }

    @Test
    void wholeStatementLimitsStreamOnlyCopyDataAndAreSharedPerSize() {
        FrameLimits limits = FrameLimits.frontendWholeStatements(MAX);
        assertEquals(List.of(FrontendType.COPY_DATA), streamedTypes(limits));
        // One table for every connection: idle clients do not each carry 256 entries.
        assertTrue(limits == FrameLimits.frontendWholeStatements(MAX));
        FrameLimits smaller = FrameLimits.frontendWholeStatements(MAX / 2);
        assertEquals(List.of(MAX / 2, List.of(FrontendType.COPY_DATA)),
                List.of(smaller.maxMessageSize(), streamedTypes(smaller)));
    }

    private static List<Byte> streamedTypes(FrameLimits limits) {
        List<Byte> streamed = new java.util.ArrayList<>();
        for (int t = 0; t < 256; t++) {
            if (!limits.isWhole((byte) t)) {
                streamed.add((byte) t);
            }
        }
        return streamed;
    }

    @Test
    void partialMessageIsReleasedWhenTheChannelCloses() {
        EmbeddedChannel ch = backend();
        ByteBuf partial = TestBufs.buf("43 0000000d 53454c");
        assertFalse(ch.writeInbound(partial));
        assertFalse(ch.finish());
        assertEquals(0, partial.refCnt());
    }

    /** New limits apply from the next message: a Query being streamed ends in pieces, the next one comes whole. */
    @Test
    void limitsChangedInPlaceApplyFromTheNextMessage() {
        FrameDecoder decoder = new FrameDecoder(FrameLimits.frontendDefaults(MAX).withStreamChunkSize(16));
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] query = TestBufs.encode(new Query("SELECT 'a long enough text'"));
        ch.writeInbound(TestBufs.wrap(query, 0, 20));
        decoder.limits(FrameLimits.frontendWholeStatements(MAX).withStreamChunkSize(16));
        byte[] rest = new byte[query.length - 20 + query.length];
        System.arraycopy(query, 20, rest, 0, query.length - 20);
        System.arraycopy(query, 0, rest, query.length - 20, query.length);
        ch.writeInbound(TestBufs.wrap(rest));
        List<Frame> frames = readAll(ch, Frame.class);
        assertEquals(3, frames.size(), frames::toString);
        assertTrue(frames.get(0).isFirst() && !frames.get(0).isLast(), "the first piece, streamed");
        assertTrue(!frames.get(1).isFirst() && frames.get(1).isLast(), "its rest, still streamed");
        assertTrue(frames.get(2).isWhole(), "the next Query arrives whole under the new limits");
        assertBytes(query, bytes(frames.get(2).content()));
        releaseAll(frames);
        assertFalse(ch.finish());
    }

    /**
     * A long stream of CopyData rows read in pieces that end mid-message, its frames released zero to three reads
     * later (a client taking them at its own pace): every row arrives whole and in order, and the decoder's buffer
     * stays about a read long instead of growing with the bytes already framed.
     */
    @Test
    void aLongStreamKeepsTheBufferAboutOneReadLong() {
        long seed = System.nanoTime();
        System.out.println("FrameDecoderTest.aLongStreamKeepsTheBufferAboutOneReadLong seed " + seed);
        java.util.Random random = new java.util.Random(seed);
        int payload = 1001;
        int rowLength = 1 + 4 + payload;
        int rows = 20_000;
        long total = (long) rows * rowLength;
        int maxRead = 16_384;
        byte[] stream = new byte[(int) total];
        for (int row = 0; row < rows; row++) {
            java.nio.ByteBuffer.wrap(stream, row * rowLength, rowLength).put((byte) 'd').putInt(4 + payload);
            Arrays.fill(stream, row * rowLength + 5, (row + 1) * rowLength, (byte) (row % 251));
        }
        FrameDecoder decoder = new FrameDecoder(FrameLimits.backendDefaults(MAX));
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        java.util.ArrayDeque<List<Frame>> alive = new java.util.ArrayDeque<>();
        byte[] framed = new byte[rowLength];
        int sent = 0;
        int nextRow = 0;
        int largest = 0;
        while (sent < total) {
            int n = (int) Math.min(1 + random.nextInt(maxRead), total - sent);
            ch.writeInbound(TestBufs.wrap(stream, sent, n));
            sent += n;
            List<Frame> frames = readAll(ch, Frame.class);
            for (Frame f : frames) {
                assertTrue(f.isWhole() && f.content().readableBytes() == rowLength, f::toString);
                f.content().getBytes(f.content().readerIndex(), framed);
                int at = nextRow * rowLength;
                assertTrue(Arrays.equals(framed, 0, rowLength, stream, at, at + rowLength),
                        "row " + nextRow + ", seed " + seed);
                nextRow++;
            }
            alive.add(frames);
            for (int keep = random.nextInt(4); alive.size() > keep; ) {
                alive.poll().forEach(Frame::release);
            }
            largest = Math.max(largest, decoder.bufferCapacity());
        }
        alive.forEach(frames -> frames.forEach(Frame::release));
        assertEquals(rows, nextRow, "rows framed, seed " + seed);
        assertTrue(largest <= 8 * maxRead, "the buffer grew to " + largest + " bytes, seed " + seed);
        assertFalse(ch.finish());
    }
}

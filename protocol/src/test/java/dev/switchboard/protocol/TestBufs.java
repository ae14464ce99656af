// Test helpers: buffers from hex, byte comparisons that print hex dumps, and frame collection.
package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Shared helpers for codec tests. */
public final class TestBufs {

    /** Pooled, like production: netty's leak detector does not track unpooled heap buffers. */
    public static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private TestBufs() {
    }

    /** A new tracked buffer. */
    public static ByteBuf alloc() {
        return ALLOC.directBuffer();
    }

    /** A new tracked buffer holding {@code bytes}. */
    public static ByteBuf wrap(byte[] bytes) {
        return wrap(bytes, 0, bytes.length);
    }

    /** A new tracked buffer holding {@code len} bytes of {@code bytes} from {@code off}. */
    public static ByteBuf wrap(byte[] bytes, int off, int len) {
        return ALLOC.directBuffer(len).writeBytes(bytes, off, len);
    }

    /** Bytes from hex, spaces allowed. */
    public static byte[] hex(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
    }

    /** A new heap buffer holding {@code hex}. */
    public static ByteBuf buf(String hex) {
        return wrap(hex(hex));
    }

    /** The readable bytes of {@code buf}, not consumed. */
    public static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    /** The wire bytes of {@code msg}. */
    public static byte[] encode(Encodable msg) {
        ByteBuf out = alloc();
        try {
            msg.encode(out);
            return bytes(out);
        } finally {
            out.release();
        }
    }

    /** Asserts equal bytes; on failure shows both as hex dumps. */
    public static void assertBytes(byte[] expected, byte[] actual) {
        if (!java.util.Arrays.equals(expected, actual)) {
            fail("bytes differ\nexpected:\n" + ByteBufUtil.prettyHexDump(Unpooled.wrappedBuffer(expected))
                    + "\nactual:\n" + ByteBufUtil.prettyHexDump(Unpooled.wrappedBuffer(actual)));
        }
    }

    /** Asserts that {@code msg} encodes to {@code hex}. */
    public static void assertEncodes(String hex, Encodable msg) {
        assertBytes(hex(hex), encode(msg));
    }

    /** A whole frame of {@code msg}, owned by the caller. */
    public static Frame frameOf(Encodable msg) {
        ByteBuf out = alloc();
        msg.encode(out);
        return Frame.wrap(out);
    }

    /** Asserts that decoding {@code hex} with {@code decoder} is a protocol violation (08P01). */
    public static ProtocolException assertViolation(String hex, Function<ByteBuf, ?> decoder) {
        ByteBuf in = buf(hex);
        try {
            ProtocolException e = assertThrows(ProtocolException.class, () -> decoder.apply(in));
            assertEquals(ProtocolException.PROTOCOL_VIOLATION, e.sqlState());
            return e;
        } finally {
            in.release();
        }
    }

    /** Drains inbound messages of {@code ch}. */
    public static <T> List<T> readAll(EmbeddedChannel ch, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(type.cast(o));
        }
        return out;
    }

    /** Releases {@code frames} and asserts they are gone. */
    public static void releaseAll(List<Frame> frames) {
        // Slices may share their parent's count, so only the final state is checked.
        frames.forEach(Frame::release);
        for (Frame f : frames) {
            assertEquals(0, f.refCnt(), () -> "frame still referenced: " + f);
        }
    }
}

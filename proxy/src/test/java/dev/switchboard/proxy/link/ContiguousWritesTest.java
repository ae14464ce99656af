// ContiguousWritesTest: forwarded slices of one read go to the client as one write, in order, nothing leaked or held.
package dev.switchboard.proxy.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContiguousWritesTest {
    private static final long SEED = Long.getLong("writes.seed", System.nanoTime());

    private final EmbeddedChannel client = new EmbeddedChannel(new ContiguousWrites());
    private final List<ByteBuf> reads = new ArrayList<>();
    private final ResourceLeakDetector.Level testsLevel = ResourceLeakDetector.getLevel();

    /**
     * The proxy runs without leak detection, and only then are slices joined (see
     * {@link #aSliceWrappedByLeakDetectionIsNotJoined}). These tests count references themselves instead: every
     * read must be back to its own one at the end.
     */
    @BeforeEach
    void asTheProxyRuns() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }

    /** A buffer as a server read fills it: pooled, direct, {@code size} numbered bytes. */
    private ByteBuf read(int size) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(size);
        for (int i = 0; i < size; i++) {
            buf.writeByte(i * 7 + reads.size());
        }
        assertTrue(buf.hasMemoryAddress(), "the proxy's buffers have a memory address: " + buf.getClass());
        reads.add(buf);
        return buf;
    }

    private void forward(ByteBuf slice) {
        client.write(slice, client.voidPromise());
    }

    private List<ByteBuf> sent() {
        List<ByteBuf> out = new ArrayList<>();
        for (ByteBuf b; (b = client.readOutbound()) != null; ) {
            out.add(b);
        }
        return out;
    }

    private static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    @AfterEach
    void nothingLeaked() {
        ResourceLeakDetector.setLevel(testsLevel);
        client.finishAndReleaseAll();
        for (ByteBuf read : reads) {
            assertEquals(1, read.refCnt(), "only the read's own reference is left");
            read.release();
        }
    }

    @Test
    void aReplyReadAtOnceGoesOutAsOneWrite() {
        ByteBuf read = read(40);
        // RowDescription, DataRow, CommandComplete, ReadyForQuery: slices of the one read, as the framer cuts them.
        forward(read.retainedSlice(0, 12));
        forward(read.retainedSlice(12, 10));
        forward(read.retainedSlice(22, 12));
        forward(read.retainedSlice(34, 6));
        assertNull(client.readOutbound(), "nothing leaves before the flush");
        client.flush();

        List<ByteBuf> out = sent();
        assertEquals(1, out.size());
        assertArrayEquals(bytes(read), bytes(out.get(0)));
        out.get(0).release();
    }

    @Test
    void aSliceWrappedByLeakDetectionIsNotJoined() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ByteBuf read = read(20);
        forward(read.retainedSlice(0, 10));
        forward(read.retainedSlice(10, 10));
        assertFalse(ContiguousWrites.holdsWrites(client), "passed on as written");
        client.flush();

        List<ByteBuf> out = sent();
        assertEquals(2, out.size());
        assertArrayEquals(bytes(read.slice(0, 10)), bytes(out.get(0)));
        assertArrayEquals(bytes(read.slice(10, 10)), bytes(out.get(1)));
        out.forEach(ByteBuf::release);
    }

    @Test
    void aGapAnotherBufferOrAnyOtherWriteEndsTheRunAndKeepsTheOrder() {
        ByteBuf first = read(30);
        ByteBuf second = read(10);
        forward(first.retainedSlice(0, 10));
        forward(first.retainedSlice(10, 5));
        forward(second.retainedSlice(0, 10)); // another read
        forward(first.retainedSlice(15, 5));
        forward(first.retainedSlice(25, 5)); // a gap: bytes 20-24 were not forwarded
        ByteBuf own = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(new byte[] {'Z', 0, 0, 0, 4});
        client.write(own); // the proxy's own message, with a promise
        ChannelPromise promised = client.newPromise();
        client.write(first.retainedSlice(20, 5), promised); // someone waits for this one: never joined
        client.flush();

        List<ByteBuf> out = sent();
        List<byte[]> expected = List.of(bytes(first.slice(0, 15)), bytes(second), bytes(first.slice(15, 5)),
                bytes(first.slice(25, 5)), new byte[] {'Z', 0, 0, 0, 4}, bytes(first.slice(20, 5)));
        assertEquals(expected.size(), out.size());
        for (int i = 0; i < out.size(); i++) {
            assertArrayEquals(expected.get(i), bytes(out.get(i)), "write " + i);
            out.get(i).release();
        }
        assertTrue(promised.isSuccess());
    }

    @Test
    void nothingIsHeldAfterAFlushAndACloseOrRemovalPassesTheRunOn() {
        ByteBuf read = read(20);
        forward(read.retainedSlice(0, 10));
        assertTrue(ContiguousWrites.holdsWrites(client));
        client.flush();
        assertFalse(ContiguousWrites.holdsWrites(client));
        sent().forEach(ByteBuf::release);

        forward(read.retainedSlice(10, 5));
        forward(read.retainedSlice(15, 5));
        client.pipeline().remove(ContiguousWrites.class);
        client.flush();
        List<ByteBuf> out = sent();
        assertEquals(1, out.size());
        assertArrayEquals(bytes(read.slice(10, 10)), bytes(out.get(0)));
        out.get(0).release();

        EmbeddedChannel closing = new EmbeddedChannel(new ContiguousWrites());
        closing.write(read.retainedSlice(0, 10), closing.voidPromise());
        closing.close(); // what was never flushed is released with the channel's queue
        assertFalse(closing.isOpen());
        assertNull(closing.readOutbound());
    }

    /**
     * Random runs of forwarded slices over several reads (contiguous or not), the proxy's own messages, writes with
     * a promise and flushes: the client receives exactly the bytes written, in order, and no buffer is leaked or
     * released twice.
     */
    @Test
    void whatTheClientReceivesIsExactlyWhatWasWrittenOverSeededRandomRuns() {
        System.out.println("[ContiguousWritesTest] seed " + SEED + " (repeat with -Dwrites.seed=" + SEED + ")");
        Random random = new Random(SEED);
        int allWrites = 0;
        int allMessages = 0;
        for (int run = 0; run < 300; run++) {
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            int writes = 0;
            int messages = 0;
            ByteBuf[] open = {read(64 + random.nextInt(200)), read(64 + random.nextInt(200))};
            int[] at = new int[open.length];
            for (int step = 0; step < 40; step++) {
                int op = random.nextInt(100);
                if (op < 70) {
                    int which = random.nextInt(open.length);
                    ByteBuf buf = open[which];
                    int skip = random.nextInt(5) == 0 ? 1 + random.nextInt(3) : 0;
                    int from = at[which] + skip;
                    int length = 1 + random.nextInt(20);
                    if (from + length > buf.writerIndex()) {
                        open[which] = read(64 + random.nextInt(200)); // the next read
                        at[which] = 0;
                        continue;
                    }
                    at[which] = from + length;
                    ByteBuf slice = buf.retainedSlice(from, length);
                    written.writeBytes(bytes(slice));
                    writes++;
                    if (random.nextInt(10) == 0) {
                        client.write(slice, client.newPromise());
                    } else {
                        forward(slice);
                    }
                } else if (op < 80) {
                    byte[] own = new byte[1 + random.nextInt(8)];
                    random.nextBytes(own);
                    written.writeBytes(own);
                    writes++;
                    client.write(PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(own));
                } else {
                    client.flush();
                }
                for (ByteBuf out : sent()) {
                    received.writeBytes(bytes(out));
                    messages++;
                    out.release();
                }
            }
            client.flush();
            for (ByteBuf out : sent()) {
                received.writeBytes(bytes(out));
                messages++;
                out.release();
            }
            String where = "seed " + SEED + ", run " + run;
            assertArrayEquals(written.toByteArray(), received.toByteArray(), where);
            assertTrue(messages <= writes, where);
            allWrites += writes;
            allMessages += messages;
        }
        assertTrue(allMessages < allWrites, "contiguous slices were joined: " + allMessages + " messages sent for "
                + allWrites + " writes (seed " + SEED + ")");
    }
}

// Buffers: the buffer allocator of every proxy channel.
package dev.switchboard.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * Forwarded frames are retained slices of the buffers they were read into, so a slow client keeps read
 * buffers alive. The pooled allocator's chunks have a fixed size, so pinned memory stays proportional to what is
 * in flight, and it has no slow mode for small heaps (Netty 4.2's default adaptive allocator has one below 512 MiB,
 * where the launcher's heap is). The adaptive allocator was also seen asking for a single 132 MiB chunk while a
 * 1 GB COPY streamed to a slower client (LargeResultIT, 256 MB direct-memory cap); that request was most likely the
 * framer growing its buffer, which {@link dev.switchboard.protocol.FrameDecoder} no longer does.
 */
public final class Buffers {
    public static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private Buffers() {
    }
}

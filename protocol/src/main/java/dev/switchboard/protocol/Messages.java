// Encoding several messages into one buffer, so a burst of replies is one write.
package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Helpers for encoding messages. */
public final class Messages {

    private Messages() {
    }

    /** Encodes {@code msgs} in order into one new I/O buffer owned by the caller. */
    public static ByteBuf encode(ByteBufAllocator alloc, Encodable... msgs) {
        ByteBuf out = alloc.ioBuffer();
        try {
            for (Encodable msg : msgs) {
                msg.encode(out);
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }
}

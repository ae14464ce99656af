// Tests for Messages.encode: several messages in one buffer.
package dev.switchboard.protocol;

import static dev.switchboard.protocol.TestBufs.assertBytes;
import static dev.switchboard.protocol.TestBufs.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.protocol.backend.AuthenticationOk;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.frontend.Query;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void encodesInOrderIntoOneBuffer() {
        ByteBuf out = Messages.encode(ByteBufAllocator.DEFAULT, AuthenticationOk.INSTANCE, ReadyForQuery.IDLE);
        assertBytes(hex("52 00000008 00000000 5a 00000005 49"), TestBufs.bytes(out));
        out.release();
    }

    @Test
    void releasesTheBufferWhenAMessageCannotBeEncoded() {
        // An allocator whose buffers we can observe after the failure.
        ByteBuf[] made = new ByteBuf[1];
        ByteBufAllocator watching = new AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                made[0] = Unpooled.buffer(initialCapacity, maxCapacity);
                return made[0];
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                return newHeapBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
        assertThrows(IllegalArgumentException.class,
                () -> Messages.encode(watching, ReadyForQuery.IDLE, new Query("nul\0inside")));
        assertEquals(0, made[0].refCnt());
    }
}

// Tests for Frame: wrapping, body slices and holder operations keeping the header facts.
package dev.switchboard.protocol;

import static dev.switchboard.protocol.TestBufs.assertBytes;
import static dev.switchboard.protocol.TestBufs.bytes;
import static dev.switchboard.protocol.TestBufs.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void wrapReadsTheHeader() {
        Frame f = Frame.wrap(TestBufs.buf("43 0000000d 53454c4543542031 00"));
        assertEquals((byte) 'C', f.type());
        assertEquals(13, f.length());
        assertTrue(f.isWhole());
        assertBytes(hex("53454c454354203100"), bytes(f.body()));
        assertTrue(f.release());
    }

    @Test
    void wrapRefusesAnythingButOneWholeMessage() {
        ByteBuf shortOne = TestBufs.buf("43 0000000d 53");
        assertThrows(IllegalArgumentException.class, () -> Frame.wrap(shortOne));
        assertEquals(0, shortOne.refCnt());
        ByteBuf tiny = TestBufs.buf("43 00");
        assertThrows(IllegalArgumentException.class, () -> Frame.wrap(tiny));
        assertEquals(0, tiny.refCnt());
    }

    @Test
    void holderOperationsKeepTypeLengthAndFlags() {
        Frame piece = new Frame((byte) 'D', 100_000, false, true, TestBufs.buf("0102"));
        Frame copy = piece.copy();
        Frame dup = piece.retainedDuplicate();
        for (Frame f : new Frame[] {copy, dup}) {
            assertEquals((byte) 'D', f.type());
            assertEquals(100_000, f.length());
            assertFalse(f.isFirst());
            assertTrue(f.isLast());
            assertFalse(f.isWhole());
        }
        assertEquals("Frame('D', length=100000, last, 2 bytes)", piece.toString());
        assertThrows(IllegalStateException.class, piece::body);
        copy.release();
        dup.release();
        assertTrue(piece.release());
        assertEquals(0, copy.refCnt());
        assertEquals("Frame('D', length=100000, last, released)", piece.toString());
    }

    @Test
    void aReleasedFramesBytesAreRefusedAtTheirFirstRead() {
        Frame f = Frame.wrap(TestBufs.buf("43 0000000d 53454c4543542031 00"));
        ByteBuf content = f.content();
        assertTrue(f.release());
        assertThrows(io.netty.util.IllegalReferenceCountException.class, () -> f.content().getByte(0));
        assertThrows(io.netty.util.IllegalReferenceCountException.class, f::body);
        assertEquals(0, content.refCnt());
    }
}

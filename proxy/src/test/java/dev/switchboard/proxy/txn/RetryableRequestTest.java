// RetryableRequestTest: which first requests are resent after a shutdown's FATAL, and that nothing leaks either way.
package dev.switchboard.proxy.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.frontend.Query;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

class RetryableRequestTest {
    private static final ErrorResponse ADMIN_SHUTDOWN = ErrorResponse.fatal("57P01",
            "terminating connection due to administrator command");

    private static Frame query(String sql) {
        return Frame.wrap(Messages.encode(ByteBufAllocator.DEFAULT, new Query(sql)));
    }

    /** Routes a frame as the link does: the retry keeps it (retained), the routing releases its own reference. */
    private static void route(RetryableRequest retry, Frame frame) {
        retry.routed(frame);
        frame.release();
    }

    @Test
    void aShutdownFatalBeforeAnyReplyPutsTheRequestBackInOrder() {
        RetryableRequest retry = new RetryableRequest();
        retry.begin(true);
        route(retry, query("SELECT 1"));
        route(retry, query("SELECT 2"));
        assertTrue(retry.armOnFatal(ADMIN_SHUTDOWN));
        ArrayDeque<Frame> inbox = new ArrayDeque<>();
        inbox.add(query("SELECT 3"));
        retry.requeue(inbox);
        assertEquals(3, inbox.size());
        Frame first = inbox.poll();
        assertEquals("SELECT 1", Query.decode(first.body()).sql());
        first.release();
        assertEquals("SELECT 2", Query.decode(inbox.peek().body()).sql());
        inbox.forEach(Frame::release);
        assertFalse(retry.armed());
    }

    @Test
    void aFrameWrittenToTheLostServerIsResentFromItsFirstByte() {
        RetryableRequest retry = new RetryableRequest();
        retry.begin(true);
        Frame frame = query("SELECT 1");
        int length = frame.content().readableBytes();
        retry.routed(frame);
        frame.content().skipBytes(length); // what writing it to the server's channel does
        frame.release();
        assertTrue(retry.armOnFatal(ADMIN_SHUTDOWN));
        ArrayDeque<Frame> inbox = new ArrayDeque<>();
        retry.requeue(inbox);
        assertEquals(length, inbox.peek().content().readableBytes());
        assertEquals("SELECT 1", Query.decode(inbox.peek().body()).sql());
        inbox.poll().release();
    }

    @Test
    void oncePartOfTheReplyReachedTheClientItIsTooLate() {
        RetryableRequest retry = new RetryableRequest();
        retry.begin(true);
        Frame frame = query("INSERT INTO t VALUES (1)");
        retry.routed(frame);
        retry.replyStarted();
        assertEquals(0, frame.refCnt() - 1, "the kept reference was let go");
        frame.release();
        assertFalse(retry.armOnFatal(ADMIN_SHUTDOWN));
    }

    @Test
    void otherFatalsAndOpenTransactionsAreNotRetried() {
        RetryableRequest retry = new RetryableRequest();
        retry.begin(true);
        route(retry, query("SELECT 1"));
        assertFalse(retry.armOnFatal(ErrorResponse.fatal("XX000", "internal error")));
        retry.end();

        retry.begin(false); // a transaction is open: its earlier statements cannot be sent again
        Frame frame = query("SELECT 1");
        retry.routed(frame);
        assertEquals(1, frame.refCnt(), "nothing kept");
        frame.release();
        assertFalse(retry.armOnFatal(ADMIN_SHUTDOWN));
    }

    @Test
    void aStreamedMessageEndsRetainingAndReleasesWhatWasKept() {
        RetryableRequest retry = new RetryableRequest();
        retry.begin(true);
        Frame whole = query("SELECT 1");
        retry.routed(whole);
        Frame piece = new Frame((byte) 'Q', 100_000, true, false, ByteBufAllocator.DEFAULT.buffer(8).writeLong(0));
        retry.routed(piece);
        assertEquals(1, whole.refCnt(), "the kept reference was released");
        whole.release();
        piece.release();
        assertFalse(retry.armOnFatal(ADMIN_SHUTDOWN));
    }
}

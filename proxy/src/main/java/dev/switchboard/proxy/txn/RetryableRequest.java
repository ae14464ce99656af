// RetryableRequest: the first request of a transaction, kept until its server answers, to resend it after a shutdown.
package dev.switchboard.proxy.txn;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.backend.ErrorResponse;
import java.util.ArrayDeque;

/**
 * A switchover stops the primary with a fast shutdown: every backend answers whatever it gets next with
 * FATAL 57P01 and closes. A client between transactions that happened to lease such a server in that
 * instant has lost nothing — PostgreSQL ran none of its request, since a FATAL that ends a statement aborts
 * its transaction and one after a commit would follow the CommandComplete — so the request goes again to
 * whichever server the failover leads to, and the client never notices. Frames routed since the lease are
 * kept — the same frames, retained, with where their bytes began, so the hot path allocates nothing for
 * them — until the first reply byte reaches the client; then it is too late and they are let go. A connection that closes without a FATAL proves nothing (a crash may follow a
 * commit), so it is never retried.
 */
final class RetryableRequest {
    // Both made at the first kept frame and kept: an idle client that never sent a request holds neither.
    private ArrayDeque<Frame> frames;
    /** Each kept frame's reader index when it was routed: writing it to the server moved it. */
    private ArrayDeque<Integer> starts;
    private boolean retaining;
    private boolean armed;

    /** A server was leased; {@code eligible} when no transaction is open and nothing is pending on it. */
    void begin(boolean eligible) {
        end();
        retaining = eligible;
    }

    /** A client frame is about to be routed to the server. */
    void routed(Frame frame) {
        if (!retaining) {
            return;
        }
        if (!frame.isWhole()) {
            end(); // a streamed message cannot be kept without holding all of it
            return;
        }
        if (frames == null) {
            frames = new ArrayDeque<>(2);
            starts = new ArrayDeque<>(2);
        }
        starts.add(frame.content().readerIndex());
        frames.add(frame.retain());
    }

    /** Something reached the client for this lease: the request can no longer be sent again unseen. */
    void replyStarted() {
        if (retaining && !armed) {
            end();
        }
    }

    /** The server answered with a FATAL before anything reached the client: true when it is a shutdown's. */
    boolean armOnFatal(ErrorResponse fatal) {
        if (!retaining || frames == null || frames.isEmpty() || fatal.sqlState() == null || !fatal.sqlState().startsWith("57P")) {
            return false;
        }
        armed = true;
        return true;
    }

    boolean armed() {
        return armed;
    }

    /** Puts the kept frames back at the head of the inbox, in their order. */
    void requeue(ArrayDeque<Frame> inbox) {
        while (frames != null && !frames.isEmpty()) {
            Frame frame = frames.pollLast();
            frame.content().readerIndex(starts.pollLast());
            inbox.addFirst(frame);
        }
        retaining = false;
        armed = false;
    }

    /** Lets the kept frames go. */
    void end() {
        if (frames != null) {
            while (!frames.isEmpty()) {
                frames.poll().release();
            }
            starts.clear();
        }
        retaining = false;
        armed = false;
    }
}

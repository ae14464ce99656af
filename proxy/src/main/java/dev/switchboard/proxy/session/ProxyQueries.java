// ProxyQueries: the proxy's own reads on a session's server between requests, and the ReadyForQuery held for them.
package dev.switchboard.proxy.session;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.backend.DataRow;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the proxy reports right before a ReadyForQuery (a commit position, the watched settings) it reads on the
 * client's server once the client's request is answered and nothing else of the client's is in flight, outside a
 * transaction block, so that its query can neither take the snapshot of a client transaction nor fail inside
 * one. The client's ReadyForQuery is held meanwhile and written after the reports. The queries ride the server's
 * reply order like the client's own requests (see {@link SessionLink}'s reply owners). Confined to the client's
 * event loop.
 */
final class ProxyQueries {
    /** The callbacks of the reads sent, oldest first; each gets the rows, or an empty list when the read failed. */
    private final ArrayDeque<Consumer<List<List<String>>>> sent = new ArrayDeque<>();
    private final List<List<String>> rows = new ArrayList<>();
    private boolean failed;
    private ByteBuf heldReady;
    /** Reads were sent for the ReadyForQuery held: one round each, so a read that failed waits for the next. */
    private boolean readForHeld;

    void sent(Consumer<List<List<String>>> onAnswer) {
        sent.add(onAnswer);
    }

    boolean awaiting() {
        return !sent.isEmpty();
    }

    /** A reply to the oldest read; true when it was its ReadyForQuery (the callback has run). */
    boolean reply(Frame frame) {
        try {
            if (!frame.isWhole()) {
                return false;
            }
            byte type = frame.type();
            if (type == BackendType.DATA_ROW) {
                DataRow row = DataRow.decode(frame.body());
                try {
                    rows.add(row.texts());
                } finally {
                    row.release();
                }
            } else if (type == BackendType.ERROR_RESPONSE) {
                failed = true;
            } else if (type == BackendType.READY_FOR_QUERY) {
                List<List<String>> answer = failed ? List.of() : List.copyOf(rows);
                rows.clear();
                failed = false;
                sent.poll().accept(answer);
                return true;
            }
            return false;
        } finally {
            frame.release();
        }
    }

    /** Keeps the client's ReadyForQuery until the reads behind it are answered. */
    void hold(ByteBuf ready) {
        if (heldReady != null) {
            throw new IllegalStateException("a ReadyForQuery is held already");
        }
        heldReady = ready;
        readForHeld = false;
    }

    /** Whether reads may still be sent for the ReadyForQuery held; true once per held ReadyForQuery. */
    boolean mayReadForHeld() {
        if (readForHeld) {
            return false;
        }
        readForHeld = true;
        return true;
    }

    boolean holding() {
        return heldReady != null;
    }

    /** The held ReadyForQuery, handed to the caller to write. */
    ByteBuf takeHeld() {
        ByteBuf ready = heldReady;
        heldReady = null;
        return ready;
    }

    /** The session ended. */
    void release() {
        if (heldReady != null) {
            heldReady.release();
            heldReady = null;
        }
        sent.clear();
        rows.clear();
    }
}

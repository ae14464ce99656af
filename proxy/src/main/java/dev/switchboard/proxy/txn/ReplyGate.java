// ReplyGate: holds a transaction-mode client's replies back until its LISTEN is registered on the hub.
package dev.switchboard.proxy.txn;

import dev.switchboard.protocol.Frame;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A client that hears ReadyForQuery after LISTEN may expect every later NOTIFY: so nothing of the reply
 * reaches it before the hub listens too. Replies that arrive meanwhile wait here, in order, and are handed
 * on when every pending hub operation completed. Confined to the client's event loop.
 */
final class ReplyGate {
    private final EventLoop loop;
    /** Made at the first reply held (a LISTEN's): most clients never hold one. */
    private ArrayDeque<Frame> held;
    private CompletableFuture<Void> open = CompletableFuture.completedFuture(null);

    ReplyGate(EventLoop loop) {
        this.loop = loop;
    }

    /** Replies wait for {@code operation} too. */
    void waitFor(CompletableFuture<Void> operation) {
        open = open.isDone() ? operation : CompletableFuture.allOf(open, operation);
    }

    /** Nothing is held and nothing is awaited: replies pass. */
    boolean isOpen() {
        return (held == null || held.isEmpty()) && open.isDone();
    }

    /**
     * Passes {@code frame} to {@code handler} now, or holds it; held frames are passed in order once the gate
     * opens, and {@code afterwards} runs after each batch (a flush).
     */
    void pass(Frame frame, Consumer<Frame> handler, Runnable afterwards) {
        if (isOpen()) {
            handler.accept(frame);
            return;
        }
        if (held == null) {
            held = new ArrayDeque<>(2);
        }
        held.add(frame);
        if (held.size() == 1) {
            resumeWhenOpen(handler, afterwards);
        }
    }

    private void resumeWhenOpen(Consumer<Frame> handler, Runnable afterwards) {
        open.whenComplete((v, e) -> loop.execute(() -> {
            while (!held.isEmpty() && open.isDone()) {
                handler.accept(held.poll());
            }
            if (!held.isEmpty()) {
                resumeWhenOpen(handler, afterwards);
            }
            afterwards.run();
        }));
    }

    int heldCount() {
        return held == null ? 0 : held.size();
    }

    /** Drops what is held (the server it came from is gone, or the client is). */
    void clear() {
        while (held != null && !held.isEmpty()) {
            held.poll().release();
        }
    }
}

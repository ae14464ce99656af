// SocketWindow: how many sockets may be on their way to the successor before it says it took them.
package dev.switchboard.proxy.handoff;

import java.util.ArrayDeque;

/**
 * A socket passed with SCM_RIGHTS waits in the kernel until the successor reads it, and the sending side's buffer
 * holds only a few hundred such messages; a send beyond that would fail. So the running process sends at most
 * {@code size} sockets the successor has not acknowledged ({@code A} records), and queues the rest in order.
 * Confined to the handoff's event loop.
 */
final class SocketWindow {
    private record Pending(int sockets, Runnable send) {
    }

    private final int size;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private long sent;
    private long acknowledged;

    SocketWindow(int size) {
        this.size = size;
    }

    /** Runs {@code send} (which sends {@code sockets} sockets) now if the window has room, else once it has. */
    void submit(int sockets, Runnable send) {
        waiting.add(new Pending(sockets, send));
        sendWhatFits();
    }

    /** The successor has taken {@code total} sockets in all. */
    void acknowledged(long total) {
        if (total > sent) {
            throw new HandoffException("the successor acknowledged " + total + " sockets of " + sent + " sent");
        }
        acknowledged = Math.max(acknowledged, total);
        sendWhatFits();
    }

    /**
     * The successor is gone: every waiting send runs now, finds its connection closed and fails (its client stays
     * here), so nothing waits for an acknowledgement that will not come.
     */
    void closed() {
        while (!waiting.isEmpty()) {
            Pending next = waiting.poll();
            sent += next.sockets();
            next.send().run();
        }
    }

    /** Sockets sent and not yet acknowledged. */
    long inFlight() {
        return sent - acknowledged;
    }

    /** Sends waiting for room. */
    int waiting() {
        return waiting.size();
    }

    private void sendWhatFits() {
        while (!waiting.isEmpty() && (inFlight() == 0 || inFlight() + waiting.peek().sockets() <= size)) {
            Pending next = waiting.poll();
            sent += next.sockets();
            next.send().run();
        }
    }
}

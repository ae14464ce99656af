// A client waiting for a connection: in the pool's FIFO queue, or promised a server under health check.
package dev.switchboard.pooling;

import java.util.concurrent.CompletableFuture;

/** The dequeued flag and the pass count are guarded by the pool's lock; the rest is fixed at creation. */
final class Waiter<C extends ServerConnection> {

    private final CompletableFuture<Lease<C>> future = new CompletableFuture<>();
    private final long sequence;
    private final long since;
    private final long deadline;
    private final Object affinity;
    private boolean dequeued;
    /** Times a server of another affinity went to a later waiter instead of this one at the head of the queue. */
    private int passedOver;

    /**
     * @param sequence arrival order within the pool; the queue is kept in this order
     * @param since    ticker reading when the client asked
     * @param deadline ticker reading after which the waiter times out; ignored when waits are unbounded
     * @param affinity the affinity the client prefers, or null
     */
    Waiter(long sequence, long since, long deadline, Object affinity) {
        this.sequence = sequence;
        this.since = since;
        this.deadline = deadline;
        this.affinity = affinity;
    }

    CompletableFuture<Lease<C>> future() {
        return future;
    }

    long sequence() {
        return sequence;
    }

    long since() {
        return since;
    }

    Object affinity() {
        return affinity;
    }

    boolean expired(long now) {
        return now - deadline >= 0;
    }

    /** Set while the pool has it off the queue, so that a late cancel does not search for it. */
    boolean dequeued() {
        return dequeued;
    }

    void markDequeued() {
        dequeued = true;
    }

    int passedOver() {
        return passedOver;
    }

    void passOver() {
        passedOver++;
    }

    /** Back on the queue after the server promised to it failed its health check. */
    void markQueued() {
        dequeued = false;
    }
}

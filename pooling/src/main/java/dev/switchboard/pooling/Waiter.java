// A client waiting in a pool's FIFO queue (the dequeued flag is guarded by the pool's lock).
package dev.switchboard.pooling;

import java.util.concurrent.CompletableFuture;

final class Waiter<C extends ServerConnection> {

    private final CompletableFuture<Lease<C>> future = new CompletableFuture<>();
    private final long deadline;
    private boolean dequeued;

    /** @param deadline ticker reading after which the waiter times out; ignored when waits are unbounded */
    Waiter(long deadline) {
        this.deadline = deadline;
    }

    CompletableFuture<Lease<C>> future() {
        return future;
    }

    boolean expired(long now) {
        return now - deadline >= 0;
    }

    /** Set once the pool has taken it off the queue, so that a late cancel does not search for it. */
    boolean dequeued() {
        return dequeued;
    }

    void markDequeued() {
        dequeued = true;
    }
}

// HoldGate: one cluster's hold state and the future its held requests wait on; one volatile read when open.
package dev.switchboard.proxy.topology;

import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe: moves happen under this object's monitor, requests read {@link #gate} without a lock. A request
 * that finds a gate waits for it to complete, then chooses its node as usual: after a switchover that is the new
 * primary. The gate completes (normally) on every move back to {@link ClusterHold#OPEN}.
 */
public final class HoldGate {
    private ClusterHold state = ClusterHold.OPEN; // guarded by this
    private volatile CompletableFuture<Void> gate;

    /** The future held requests wait on, or null when the cluster is open (the usual case). */
    public CompletableFuture<Void> gate() {
        return gate;
    }

    public synchronized ClusterHold state() {
        return state;
    }

    /**
     * Applies {@code event}; closes the gate when the cluster starts holding, opens it when it stops.
     *
     * @return the state before the move
     * @throws IllegalStateException when the move is refused (nothing changes)
     */
    public ClusterHold apply(ClusterHold.Event event) {
        CompletableFuture<Void> opened = null;
        ClusterHold before;
        synchronized (this) {
            before = state;
            ClusterHold next = state.on(event);
            state = next;
            if (!before.holds() && next.holds()) {
                gate = new CompletableFuture<>();
            } else if (before.holds() && !next.holds()) {
                opened = gate;
                gate = null;
            }
        }
        if (opened != null) {
            opened.complete(null); // outside the monitor: waiters go on to choose a node
        }
        return before;
    }
}

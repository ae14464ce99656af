// Snapshots: waiting in tests for the topology to reach a state, on its change notifications instead of sleeps.
package dev.switchboard.topology.monitor;

import dev.switchboard.topology.ClusterTopology;
import dev.switchboard.topology.TopologySnapshot;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A polling helper over {@link ClusterTopology#nextChange()}. */
final class Snapshots {

    private Snapshots() {
    }

    /** Waits until {@code condition} holds for the current snapshot; fails with the last one after {@code limit}. */
    static TopologySnapshot await(ClusterTopology topology, Duration limit, String what,
                                  Predicate<TopologySnapshot> condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        for (;;) {
            // Taken before looking, so a change between the look and the wait is not missed.
            CompletableFuture<TopologySnapshot> next = topology.nextChange();
            TopologySnapshot current = topology.current();
            if (condition.test(current)) {
                return current;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("no snapshot where " + what + " within " + limit + "; last: " + current);
            }
            try {
                next.get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Loop once more: the check above reports the failure with the last snapshot.
            }
        }
    }
}

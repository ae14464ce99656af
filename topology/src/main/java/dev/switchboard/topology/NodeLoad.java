// NodeLoad: requests outstanding per node, for least-outstanding balancing across standbys.
package dev.switchboard.topology;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/** Counters indexed like the cluster's node list; lock-free. */
public final class NodeLoad {
    private final AtomicIntegerArray outstanding;
    /** Where the search for the least loaded starts: rotates, so equal loads take turns. */
    private final java.util.concurrent.atomic.AtomicInteger start = new java.util.concurrent.atomic.AtomicInteger();

    public NodeLoad(int nodes) {
        this.outstanding = new AtomicIntegerArray(nodes);
    }

    public void started(int node) {
        outstanding.incrementAndGet(node);
    }

    public void finished(int node) {
        outstanding.decrementAndGet(node);
    }

    public int outstanding(int node) {
        return outstanding.get(node);
    }

    /** The least loaded of {@code candidates}; equal loads take turns. Null when there are none. */
    public NodeView leastLoaded(List<NodeView> candidates) {
        int size = candidates.size();
        if (size <= 1) {
            return size == 0 ? null : candidates.get(0);
        }
        int first = Math.floorMod(start.getAndIncrement(), size);
        NodeView best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            NodeView candidate = candidates.get((first + i) % size);
            int load = outstanding.get(candidate.index());
            if (load < bestLoad) {
                best = candidate;
                bestLoad = load;
            }
        }
        return best;
    }
}

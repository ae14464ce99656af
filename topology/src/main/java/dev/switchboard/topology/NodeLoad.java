// NodeLoad: requests outstanding per node, for least-outstanding balancing across standbys.
package dev.switchboard.topology;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Counters indexed like the cluster's node list; lock-free. Grows with the list; counters are never replaced. */
public final class NodeLoad {
    private volatile AtomicInteger[] outstanding;
    /** Where the search for the least loaded starts: rotates, so equal loads take turns. */
    private final AtomicInteger start = new AtomicInteger();

    public NodeLoad(int nodes) {
        this.outstanding = counters(new AtomicInteger[0], nodes);
    }

    /** Room for {@code nodes} nodes (a node was added to the cluster); the existing counters are kept. */
    public synchronized void grow(int nodes) {
        if (nodes > outstanding.length) {
            outstanding = counters(outstanding, nodes);
        }
    }

    private static AtomicInteger[] counters(AtomicInteger[] kept, int size) {
        AtomicInteger[] all = Arrays.copyOf(kept, size);
        for (int i = kept.length; i < size; i++) {
            all[i] = new AtomicInteger();
        }
        return all;
    }

    public void started(int node) {
        outstanding[node].incrementAndGet();
    }

    public void finished(int node) {
        outstanding[node].decrementAndGet();
    }

    public int outstanding(int node) {
        return outstanding[node].get();
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
            int load = outstanding[candidate.index()].get();
            if (load < bestLoad) {
                best = candidate;
                bestLoad = load;
            }
        }
        return best;
    }
}

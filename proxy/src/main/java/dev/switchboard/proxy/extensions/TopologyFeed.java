// TopologyFeed: one cluster's topology epochs, and the clients to tell when a new one begins.
package dev.switchboard.proxy.extensions;

import dev.switchboard.config.Target;
import dev.switchboard.topology.ClusterTopology;
import dev.switchboard.topology.TopologySnapshot;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows the snapshots a cluster's monitors publish. A snapshot of another shape ({@link TopologyView#shape})
 * starts a new epoch and every subscriber is called (on the monitor's thread: subscribers hand over to their own
 * loop). Thread-safe.
 */
public final class TopologyFeed {
    private final ClusterTopology topology;
    private final Set<Runnable> subscribers = ConcurrentHashMap.newKeySet();
    /** 0 until the first snapshot of another shape than the one at start (before any node was read). */
    private long epoch;
    private TopologySnapshot latest;
    private String shape;
    private volatile boolean closed;

    public TopologyFeed(ClusterTopology topology) {
        this.topology = topology;
        this.latest = topology.current();
        this.shape = TopologyView.shape(latest);
        follow();
    }

    private void follow() {
        topology.nextChange().thenAccept(snapshot -> {
            if (observe(snapshot)) {
                subscribers.forEach(Runnable::run);
            }
            if (!closed) {
                follow();
            }
        });
    }

    /** Takes a snapshot; true when it began a new epoch. */
    synchronized boolean observe(TopologySnapshot snapshot) {
        latest = snapshot;
        String next = TopologyView.shape(snapshot);
        if (next.equals(shape)) {
            return false;
        }
        shape = next;
        epoch++;
        return true;
    }

    /** The view as a database with this target reports it now. */
    public synchronized String view(Target target) {
        return TopologyView.format(epoch, latest, target);
    }

    public void subscribe(Runnable onNewEpoch) {
        subscribers.add(onNewEpoch);
    }

    public void unsubscribe(Runnable onNewEpoch) {
        subscribers.remove(onNewEpoch);
    }

    public void close() {
        closed = true;
        subscribers.clear();
    }
}

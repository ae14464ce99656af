// ClusterMonitor: one NodeMonitor per node of a cluster and the optional authority, all feeding one ClusterTopology.
package dev.switchboard.topology.monitor;

import dev.switchboard.topology.Authority;
import dev.switchboard.topology.ClusterTopology;
import dev.switchboard.topology.NodeObservation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@link ClusterTopology} fed: every node's readings go to {@link ClusterTopology#observe}, the
 * authority's verdicts to {@link ClusterTopology#authority}. The endpoints must be exactly the topology's
 * nodes, since a node nobody reads would keep the cluster without a write target forever.
 */
public final class ClusterMonitor implements AutoCloseable {

    private final ClusterTopology topology;
    private final Authority authority;
    private final List<NodeMonitor> monitors = new ArrayList<>();
    private final Set<String> read = ConcurrentHashMap.newKeySet();
    private final CountDownLatch allRead;
    private boolean started;
    private boolean closed;

    /**
     * @param endpoints one per node of {@code topology}
     * @param authority the external authority, or null when the nodes alone decide
     * @param clock     stamps the readings
     */
    public ClusterMonitor(ClusterTopology topology, List<NodeEndpoint> endpoints, MonitorSettings settings,
                          Authority authority, Clock clock) {
        this.topology = Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(settings, "settings");
        this.authority = authority;
        Set<String> ids = new HashSet<>();
        for (NodeEndpoint endpoint : endpoints) {
            if (!ids.add(endpoint.node())) {
                throw new IllegalArgumentException("node " + endpoint.node() + " is listed twice");
            }
        }
        if (!ids.equals(new HashSet<>(topology.nodes()))) {
            throw new IllegalArgumentException("the monitored nodes " + ids + " are not the nodes of cluster "
                    + topology.cluster() + " " + topology.nodes());
        }
        this.allRead = new CountDownLatch(endpoints.size());
        for (NodeEndpoint endpoint : endpoints) {
            monitors.add(new NodeMonitor(endpoint, settings, this::observe, clock));
        }
    }

    /** Monitors with the system clock. */
    public ClusterMonitor(ClusterTopology topology, List<NodeEndpoint> endpoints, MonitorSettings settings,
                          Authority authority) {
        this(topology, endpoints, settings, authority, Clock.systemUTC());
    }

    /** Monitors the topology's nodes at the addresses their ids ("host:port") name. */
    public static ClusterMonitor of(ClusterTopology topology, MonitorSettings settings, Authority authority) {
        return new ClusterMonitor(topology, topology.nodes().stream().map(NodeEndpoint::parse).toList(), settings,
                authority);
    }

    /** Starts the authority (when there is one) and one monitor thread per node; once only. */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("cluster monitor of " + topology.cluster()
                    + (closed ? " is closed" : " was already started"));
        }
        started = true;
        if (authority != null) {
            authority.start(topology::authority);
        }
        monitors.forEach(NodeMonitor::start);
    }

    /**
     * Waits until every node has been read at least once (an unreachable reading counts: it is what the
     * topology needs before it names a write target).
     *
     * @return true when all were read, false when {@code timeout} passed first
     */
    public boolean awaitFirstReadings(Duration timeout) throws InterruptedException {
        return allRead.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Starts reading a node added to the cluster (the topology has it already, see {@link ClusterTopology#addNode});
     * a node read before is read again.
     */
    public synchronized void addNode(NodeEndpoint endpoint, MonitorSettings settings) {
        if (closed || monitors.stream().anyMatch(m -> m.node().equals(endpoint.node()))) {
            return;
        }
        NodeMonitor monitor = new NodeMonitor(endpoint, settings, this::observe);
        monitors.add(monitor);
        if (started) {
            monitor.start();
        }
    }

    /** Stops reading a node removed from the cluster (retired in the topology); waits for its thread. */
    public void removeNode(String node) {
        NodeMonitor gone = null;
        synchronized (this) {
            for (NodeMonitor m : monitors) {
                if (m.node().equals(node)) {
                    gone = m;
                }
            }
            monitors.remove(gone);
        }
        if (gone != null) {
            gone.close();
        }
    }

    /** Stops the node monitors (all at once, then waits for them) and the authority; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        monitors.forEach(NodeMonitor::stop);
        monitors.forEach(NodeMonitor::join);
        if (authority != null) {
            authority.close();
        }
    }

    private void observe(NodeObservation reading) {
        topology.observe(reading);
        // Counted after the topology has it, so a caller released by awaitFirstReadings sees the reading.
        if (read.add(reading.node())) {
            allRead.countDown();
        }
    }
}

// NodeMonitorIT: monitors feeding a topology from a real primary and standby through loss, restart and promotion.
package dev.switchboard.topology.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.embedded.PgCluster;
import dev.switchboard.embedded.PgNode;
import dev.switchboard.embedded.StopMode;
import dev.switchboard.topology.ClusterTopology;
import dev.switchboard.topology.NodeObservation;
import dev.switchboard.topology.NodeState;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.TopologySnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** One cluster for the class; the steps run in order and the promotion, which cannot be undone, comes last. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeMonitorIT {

    /** Generous: a deadline for the cluster to get somewhere, not a measurement. */
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private PgCluster cluster;
    private PgNode primary;
    private PgNode standby;
    private NodeEndpoint primaryEndpoint;
    private NodeEndpoint standbyEndpoint;
    private MonitorSettings settings;
    private ClusterTopology topology;
    private ClusterMonitor monitor;

    @BeforeAll
    void start() {
        cluster = PgCluster.builder().standbys(1).start();
        primary = cluster.primary();
        standby = cluster.standbys().get(0);
        primaryEndpoint = NodeEndpoint.of(primary.host(), primary.port());
        standbyEndpoint = NodeEndpoint.of(standby.host(), standby.port());
        settings = new MonitorSettings(Duration.ofMillis(100), cluster.superuser(), null, "postgres",
                Duration.ofSeconds(5));
        topology = new ClusterTopology("main", List.of(primaryEndpoint.node(), standbyEndpoint.node()), false,
                Clock.systemUTC());
        monitor = new ClusterMonitor(topology, List.of(primaryEndpoint, standbyEndpoint), settings, null);
        monitor.start();
    }

    @AfterAll
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void thePrimaryIsTheWriteTargetAndTheStandbyIsUp() throws Exception {
        assertTrue(monitor.awaitFirstReadings(LIMIT));
        TopologySnapshot s = Snapshots.await(topology, LIMIT, "the primary takes writes and the standby streams",
                snapshot -> isWriteTarget(snapshot, primaryEndpoint) && isUpStandbyOnTimeline(snapshot, 1));
        assertEquals(1, s.node(primaryEndpoint.node()).timeline());
        assertEquals(1, s.highestTimeline());
        assertFalse(s.splitBrain());
    }

    @Test
    @Order(2)
    void aTerminatedMonitorSessionIsReportedAndReplacedAtOnce() throws Exception {
        BlockingQueue<NodeObservation> readings = new LinkedBlockingQueue<>();
        try (NodeMonitor nodeMonitor = new NodeMonitor(primaryEndpoint, settings, readings::add)) {
            nodeMonitor.start();
            NodeObservation first = next(readings);
            assertTrue(first.reachable(), first.toString());
            assertEquals(primaryEndpoint.node(), first.node());
            primary.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'switchboard-monitor'");
            NodeObservation lost = nextWhere(readings, r -> !r.reachable());
            assertTrue(lost.error().contains("57P01"), lost.error());
            NodeObservation back = nextWhere(readings, NodeObservation::reachable);
            assertFalse(back.standby());
        }
    }

    @Test
    @Order(3)
    void aStoppedNodeIsDownUntilItStartsAgain() throws Exception {
        primary.stop(StopMode.FAST);
        TopologySnapshot down = Snapshots.await(topology, LIMIT, "the stopped primary is down",
                snapshot -> snapshot.node(primaryEndpoint.node()).state() == NodeState.DOWN);
        assertEquals(null, down.writeTarget());
        assertNotNull(down.node(primaryEndpoint.node()).detail());

        primary.start();
        standby.awaitStreaming();
        Snapshots.await(topology, LIMIT, "the restarted primary takes writes again",
                snapshot -> isWriteTarget(snapshot, primaryEndpoint) && isUpStandbyOnTimeline(snapshot, 1));
    }

    @Test
    @Order(4)
    void aPromotedStandbyTakesOverAndTheOldPrimaryIsFenced() throws Exception {
        standby.promote();
        TopologySnapshot s = Snapshots.await(topology, LIMIT, "the promoted standby takes writes on timeline 2",
                snapshot -> isWriteTarget(snapshot, standbyEndpoint)
                        && snapshot.node(standbyEndpoint.node()).timeline() == 2);
        NodeView promoted = s.node(standbyEndpoint.node());
        assertFalse(promoted.standby());
        assertEquals(NodeState.UP, promoted.state());
        NodeView old = s.node(primaryEndpoint.node());
        assertEquals(NodeState.FENCED, old.state(), old.toString());
        assertFalse(old.writeTarget());
        assertEquals(2, s.highestTimeline());
    }

    private boolean isUpStandbyOnTimeline(TopologySnapshot snapshot, int timeline) {
        NodeView view = snapshot.node(standbyEndpoint.node());
        return view.isUpStandby() && view.timeline() == timeline;
    }

    private static boolean isWriteTarget(TopologySnapshot snapshot, NodeEndpoint endpoint) {
        return snapshot.writeTarget() != null && snapshot.writeTarget().node().equals(endpoint.node());
    }

    private static NodeObservation next(BlockingQueue<NodeObservation> readings) throws InterruptedException {
        NodeObservation reading = readings.poll(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(reading, "no reading within " + LIMIT);
        return reading;
    }

    private static NodeObservation nextWhere(BlockingQueue<NodeObservation> readings,
                                             Predicate<NodeObservation> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            NodeObservation reading = readings.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (reading != null && wanted.test(reading)) {
                return reading;
            }
        }
        throw new AssertionError("no such reading within " + LIMIT);
    }
}

// ClusterMonitorTest: wiring of node monitors and the authority into a topology, without a server to reach.
package dev.switchboard.topology.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.topology.Authority;
import dev.switchboard.topology.AuthorityVerdict;
import dev.switchboard.topology.ClusterTopology;
import dev.switchboard.topology.NodeObservation;
import dev.switchboard.topology.NodeState;
import dev.switchboard.topology.TopologySnapshot;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ClusterMonitorTest {

    private static final MonitorSettings SETTINGS = new MonitorSettings(Duration.ofMillis(20), "monitor", null,
            "postgres", Duration.ofSeconds(2));

    @Test
    void theEndpointsMustBeTheTopologysNodes() {
        ClusterTopology topology = topology("127.0.0.1:1", "127.0.0.1:2");
        assertThrows(IllegalArgumentException.class, () -> new ClusterMonitor(topology,
                List.of(NodeEndpoint.of("127.0.0.1", 1)), SETTINGS, null));
        assertThrows(IllegalArgumentException.class, () -> new ClusterMonitor(topology,
                List.of(NodeEndpoint.of("127.0.0.1", 1), NodeEndpoint.of("127.0.0.1", 1)), SETTINGS, null));
        assertThrows(IllegalArgumentException.class, () -> new ClusterMonitor(topology,
                List.of(NodeEndpoint.of("127.0.0.1", 1), NodeEndpoint.of("127.0.0.1", 3)), SETTINGS, null));
    }

    @Test
    void unreachableNodesCountAsReadAndTheAuthorityIsStartedAndStopped() throws Exception {
        int first = freePort();
        int second = freePort();
        ClusterTopology topology = topology("127.0.0.1:" + first, "127.0.0.1:" + second);
        RecordingAuthority authority = new RecordingAuthority();
        try (ClusterMonitor monitor = ClusterMonitor.of(topology, SETTINGS, authority)) {
            monitor.start();
            assertThrows(IllegalStateException.class, monitor::start);
            assertTrue(monitor.awaitFirstReadings(Duration.ofSeconds(60)));
            TopologySnapshot s = Snapshots.await(topology, Duration.ofSeconds(60), "every node is down",
                    snapshot -> snapshot.nodes().stream().allMatch(n -> n.state() == NodeState.DOWN)
                            && snapshot.noWriteReason() != null);
            assertTrue(s.node("127.0.0.1:" + first).detail().contains("cannot connect"),
                    s.node("127.0.0.1:" + first).detail());
            assertEquals(1, authority.started.get());
        }
        assertEquals(1, authority.closed.get());
    }

    @Test
    void aNodeMonitorReportsEachFailedAttemptAndNothingAfterClose() throws Exception {
        int port = freePort();
        BlockingQueue<NodeObservation> readings = new LinkedBlockingQueue<>();
        NodeMonitor monitor = new NodeMonitor(NodeEndpoint.of("127.0.0.1", port), SETTINGS, readings::add,
                Clock.systemUTC());
        assertEquals("127.0.0.1:" + port, monitor.node());
        try (monitor) {
            monitor.start();
            assertThrows(IllegalStateException.class, monitor::start);
            for (int i = 0; i < 3; i++) {
                NodeObservation r = readings.poll(60, TimeUnit.SECONDS);
                assertFalse(r.reachable());
                assertEquals("127.0.0.1:" + port, r.node());
                assertTrue(r.error().contains("cannot connect"), r.error());
            }
        }
        // close() joined the thread, so no reading can arrive any more.
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("sb-monitor-127.0.0.1:" + port)));
    }

    @Test
    void aFailingListenerDoesNotStopTheMonitor() throws Exception {
        int port = freePort();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch several = new CountDownLatch(3);
        Consumer<NodeObservation> failing = r -> {
            calls.incrementAndGet();
            several.countDown();
            throw new IllegalStateException("listener trouble");
        };
        try (NodeMonitor monitor = new NodeMonitor(NodeEndpoint.of("127.0.0.1", port), SETTINGS, failing)) {
            monitor.start();
            assertTrue(several.await(60, TimeUnit.SECONDS));
        }
        assertTrue(calls.get() >= 3);
    }

    private static ClusterTopology topology(String... nodes) {
        return new ClusterTopology("main", List.of(nodes), false, Clock.systemUTC());
    }

    /** A port nothing listens on (free a moment ago; the monitor only needs connections to it refused). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Counts start and close; gives one verdict naming nobody. */
    private static final class RecordingAuthority implements Authority {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void start(Consumer<AuthorityVerdict> listener) {
            started.incrementAndGet();
            listener.accept(AuthorityVerdict.leader(null));
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}

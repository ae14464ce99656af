// Switchovers: holds a cluster's new transactions, lets those in flight finish, has a standby promoted, lets them run there.
package dev.switchboard.proxy.switchover;

import dev.switchboard.config.ClusterConfig;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.pooling.Pool;
import dev.switchboard.pooling.PoolStats;
import dev.switchboard.pooling.ServerEntry;
import dev.switchboard.pooling.ServerState;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.topology.ClusterHold;
import dev.switchboard.proxy.topology.ClusterRouting;
import dev.switchboard.proxy.topology.Topologies;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.TopologySnapshot;
import dev.switchboard.topology.authority.PatroniSwitchover;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe; each cluster's state lives in its {@link ClusterRouting#hold()}. A switchover runs through
 * DRAINING (new transactions held; it waits, at most {@code failover.drain_timeout}, until no server of the
 * cluster is leased, then cancels what is left) and PROMOTING (Patroni is asked when the cluster has an authority;
 * then, or otherwise, it waits at most {@code failover.hold_timeout} for the monitors to see a new primary), and
 * back to OPEN, where held transactions choose the new primary. It never leaves a cluster held: giving up opens it.
 */
public final class Switchovers {
    private static final Logger log = LoggerFactory.getLogger(Switchovers.class);
    /** How often the drain and the wait for the new primary look; the write pause is at least one of these. */
    private static final long POLL_MILLIS = 5;
    /** Patroni answers a switchover once it is done; past this the proxy stops waiting for the answer. */
    private static final Duration PATRONI_ANSWER = Duration.ofSeconds(60);

    private final Topologies topologies;
    private final Supplier<SwitchboardConfig> config;
    private final Supplier<Collection<Pool<ServerConn>>> pools;
    private final Supplier<ScheduledExecutorService> timers;

    /**
     * @param config the running configuration at the time of asking
     * @param pools  every pool, of every kind
     * @param timers an event loop to poll on
     */
    public Switchovers(Topologies topologies, Supplier<SwitchboardConfig> config,
                       Supplier<Collection<Pool<ServerConn>>> pools, Supplier<ScheduledExecutorService> timers) {
        this.topologies = topologies;
        this.config = config;
        this.pools = pools;
        this.timers = timers;
    }

    /**
     * Starts a switchover of {@code cluster} (null: the only cluster) to {@code target} ({@code host:port}; null:
     * whichever node is promoted). The result completes when held transactions run on the new primary, or with a
     * {@link SwitchoverException}.
     *
     * @throws SwitchoverException when refused (nothing was held)
     */
    public CompletableFuture<SwitchoverReport> switchover(String cluster, String target, String who) {
        String name = clusterName(cluster);
        ClusterRouting routing = topologies.cluster(name);
        ClusterConfig settings = config.get().clusters().get(name);
        TopologySnapshot now = routing.topology().current();
        NodeView old = now.writeTarget();
        if (old == null) {
            throw SwitchoverException.refused("cluster \"" + name + "\" has no primary to switch over from: "
                    + now.noWriteReason());
        }
        if (target != null) {
            NodeView node = now.node(target);
            if (node == null) {
                throw SwitchoverException.refused("cluster \"" + name + "\" has no node " + target + "; its nodes: "
                        + now.nodes().stream().map(NodeView::node).toList());
            }
            if (node.node().equals(old.node())) {
                throw SwitchoverException.refused(target + " is already the primary of cluster \"" + name + "\"");
            }
            if (!node.isUpStandby()) {
                throw SwitchoverException.refused(target + " is not a standby that is up (" + node.role()
                        + "); a switchover needs one to promote");
            }
        }
        move(routing, ClusterHold.Event.SWITCHOVER, name);
        log.info("{}: SWITCHOVER of cluster {} from {}{}: new transactions held", who, name, old.node(),
                target == null ? "" : " to " + target);
        Run run = new Run(name, routing, settings, old.node(), target, System.nanoTime(), timers.get());
        run.drain();
        return run.result;
    }

    /**
     * Holds new transactions on {@code cluster} until {@link #resume}; completes once no server of the cluster is
     * leased (as PgBouncer's PAUSE answers).
     */
    public CompletableFuture<Void> pause(String cluster, String who) {
        String name = clusterName(cluster);
        move(topologies.cluster(name), ClusterHold.Event.PAUSE, name);
        log.info("{}: PAUSE of cluster {}: new transactions held", who, name);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Set<String> nodes = nodes(topologies.cluster(name));
        when(timers.get(), () -> busy(nodes) == 0, () -> done.complete(null), done);
        return done;
    }

    /** Lets the held transactions of a paused cluster run. */
    public void resume(String cluster, String who) {
        String name = clusterName(cluster);
        move(topologies.cluster(name), ClusterHold.Event.RESUME, name);
        log.info("{}: RESUME of cluster {}", who, name);
    }

    /** The configured clusters' names. */
    public java.util.List<String> clusters() {
        return java.util.List.copyOf(config.get().clusters().keySet());
    }

    /** Whether {@code name} is a configured cluster. */
    public boolean isCluster(String name) {
        return topologies.cluster(name) != null;
    }

    /** The hold state of the cluster. */
    public ClusterHold state(String cluster) {
        return topologies.cluster(clusterName(cluster)).hold().state();
    }

    private String clusterName(String cluster) {
        Set<String> names = config.get().clusters().keySet();
        if (cluster == null) {
            if (names.size() != 1) {
                throw SwitchoverException.refused("name the cluster: there are " + names.size() + " (" + names + ")");
            }
            return names.iterator().next();
        }
        if (topologies.cluster(cluster) == null) {
            throw SwitchoverException.refused("no such cluster: " + cluster);
        }
        return cluster;
    }

    private static void move(ClusterRouting routing, ClusterHold.Event event, String name) {
        try {
            routing.hold().apply(event);
        } catch (IllegalStateException e) {
            throw SwitchoverException.refused("cluster \"" + name + "\" " + e.getMessage());
        }
    }

    private static Set<String> nodes(ClusterRouting routing) {
        Set<String> nodes = new HashSet<>();
        for (NodeView node : routing.topology().current().nodes()) {
            nodes.add(node.node());
        }
        return nodes;
    }

    /** Transactions on the nodes: leased servers, and requests queued in a pool that will lease one. */
    private int busy(Set<String> nodes) {
        int busy = 0;
        for (Pool<ServerConn> pool : pools.get()) {
            if (nodes.contains(pool.key().node())) {
                PoolStats s = pool.stats();
                busy += s.active() + s.checking() + s.waiting();
            }
        }
        return busy;
    }

    /** Runs {@code then} once {@code condition} holds, looking every {@value #POLL_MILLIS} ms until {@code until}. */
    private static ScheduledFuture<?> when(ScheduledExecutorService timer, BooleanSupplier condition, Runnable then,
                                           CompletableFuture<?> until) {
        ScheduledFuture<?>[] poll = new ScheduledFuture<?>[1];
        poll[0] = timer.scheduleWithFixedDelay(() -> {
            if (until.isDone()) {
                poll[0].cancel(false);
            } else if (condition.getAsBoolean()) {
                poll[0].cancel(false);
                then.run();
            }
        }, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        until.whenComplete((v, e) -> poll[0].cancel(false));
        return poll[0];
    }

    /** One switchover, from DRAINING to its end. */
    private final class Run {
        final CompletableFuture<SwitchoverReport> result = new CompletableFuture<>();
        private final String cluster;
        private final ClusterRouting routing;
        private final ClusterConfig settings;
        private final String oldPrimary;
        private final String target;
        private final long startedAt;
        private final ScheduledExecutorService timer;
        private final Set<String> nodes;
        private final CompletableFuture<Void> drained = new CompletableFuture<>();
        private int cancelled;
        private long drainedAt;
        private volatile String promotion = "external";

        Run(String cluster, ClusterRouting routing, ClusterConfig settings, String oldPrimary, String target,
            long startedAt, ScheduledExecutorService timer) {
            this.cluster = cluster;
            this.routing = routing;
            this.settings = settings;
            this.oldPrimary = oldPrimary;
            this.target = target;
            this.startedAt = startedAt;
            this.timer = timer;
            this.nodes = nodes(routing);
        }

        void drain() {
            Duration bound = settings.failover().drainTimeout();
            ScheduledFuture<?> deadline = timer.schedule(() -> {
                if (!drained.isDone()) {
                    cancelled = cancelLeftovers(bound);
                    drained.complete(null);
                }
            }, bound.toMillis(), TimeUnit.MILLISECONDS);
            when(timer, () -> busy(nodes) == 0, () -> drained.complete(null), drained);
            drained.whenComplete((v, e) -> {
                deadline.cancel(false);
                timer.execute(this::promote);
            });
        }

        /** Closes the leased servers left: their clients hear 08006 with the reason, and their transaction is rolled back. */
        private int cancelLeftovers(Duration bound) {
            int count = 0;
            String reason = "cancelled by the switchover of cluster \"" + cluster + "\": still running after "
                    + bound.toMillis() + " ms (failover.drain_timeout)";
            for (Pool<ServerConn> pool : pools.get()) {
                if (!nodes.contains(pool.key().node())) {
                    continue;
                }
                for (ServerEntry<ServerConn> entry : pool.servers()) {
                    if (entry.state() == ServerState.ACTIVE) {
                        count++;
                        entry.connection().channel().pipeline().fireExceptionCaught(new SwitchoverCancel(reason));
                    }
                }
            }
            log.warn("switchover of cluster {}: {} transaction(s) still running after {} ms cancelled", cluster,
                    count, bound.toMillis());
            return count;
        }

        private void promote() {
            try {
                routing.hold().apply(ClusterHold.Event.DRAINED);
            } catch (IllegalStateException e) {
                result.completeExceptionally(SwitchoverException.failed("cluster \"" + cluster + "\" " + e.getMessage()));
                return;
            }
            drainedAt = System.nanoTime();
            Duration hold = settings.failover().holdTimeout();
            log.info("switchover of cluster {}: transactions in flight done in {} ms; {}", cluster,
                    (drainedAt - startedAt) / 1_000_000, settings.authority() == null
                            ? "waiting up to " + hold.toMillis() + " ms for a standby to be promoted"
                            : "asking Patroni to switch over");
            if (settings.authority() != null) {
                askPatroni();
            }
            ScheduledFuture<?> deadline = timer.schedule(() -> fail("no new primary seen within " + hold.toMillis()
                    + " ms (failover.hold_timeout) after the transactions in flight were done; "
                    + routing.whyNothing(dev.switchboard.topology.Route.WRITE, dev.switchboard.topology.LagBound.NONE)),
                    hold.toMillis(), TimeUnit.MILLISECONDS);
            result.whenComplete((r, e) -> deadline.cancel(false));
            when(timer, this::promoted, this::succeed, result);
        }

        /** The monitors see a write target other than the old primary (the target, when one was named). */
        private boolean promoted() {
            NodeView now = routing.topology().current().writeTarget();
            return now != null && !now.node().equals(oldPrimary) && (target == null || now.node().equals(target));
        }

        private void askPatroni() {
            PatroniSwitchover patroni = new PatroniSwitchover(settings.authority().patroni(), PATRONI_ANSWER);
            promotion = "patroni";
            Thread asking = new Thread(() -> {
                try {
                    PatroniSwitchover.Outcome outcome = patroni.switchover(oldPrimary, target);
                    promotion = "patroni: " + outcome.answer();
                    log.info("switchover of cluster {}: Patroni switched {} over to {}: {}", cluster,
                            outcome.leader(), outcome.candidate(), outcome.answer());
                } catch (IOException e) {
                    timer.execute(() -> fail("Patroni refused or failed the switchover: " + e.getMessage()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sb-switchover-" + cluster);
            asking.setDaemon(true);
            asking.start();
        }

        private void succeed() {
            String newPrimary = routing.topology().current().writeTarget().node();
            long now = System.nanoTime();
            SwitchoverReport report = new SwitchoverReport(cluster, oldPrimary, newPrimary,
                    (now - startedAt) / 1_000_000, (drainedAt - startedAt) / 1_000_000, cancelled, promotion);
            routing.hold().apply(ClusterHold.Event.PROMOTED);
            log.info("switchover of cluster {} done: {} -> {}, writes paused {} ms (drain {} ms, {} cancelled)",
                    cluster, oldPrimary, newPrimary, report.writePauseMs(), report.drainMs(), cancelled);
            result.complete(report);
        }

        private void fail(String why) {
            if (result.isDone()) {
                return;
            }
            routing.hold().apply(ClusterHold.Event.FAILED);
            log.warn("switchover of cluster {} given up, held transactions go on: {}", cluster, why);
            result.completeExceptionally(SwitchoverException.failed("switchover of cluster \"" + cluster
                    + "\" given up (held transactions go on): " + why));
        }
    }

    /** Why a switchover closed a server connection: its message is what the client hears. */
    static final class SwitchoverCancel extends IOException {
        SwitchoverCancel(String message) {
            super(message);
        }
    }
}

// TopologyRules: who may take writes and which nodes are routable, from the latest readings of every node.
package dev.switchboard.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decision, kept free of threads and I/O so every rule can be tested on its own:
 * <ul>
 *   <li>A node whose system identifier differs from the cluster's (the first one read) is FOREIGN.</li>
 *   <li>A writable node below the highest timeline the cluster has ever shown is FENCED: an old primary that came
 *       back after a promotion. Being writable is not proof of leadership.</li>
 *   <li>Two writable nodes on the highest timeline: both FENCED, no write target (refuse writes, never guess).</li>
 *   <li>No write target until every node has been read once: a stale primary must not win because the new
 *       one was not looked at yet.</li>
 *   <li>With an authority, the one remaining candidate must also be the leader it names.</li>
 * </ul>
 */
public final class TopologyRules {

    private TopologyRules() {
    }

    /** Cluster-wide memory the rules carry from one decision to the next. */
    public record Memory(long systemIdentifier, int highestTimeline) {
        public static final Memory EMPTY = new Memory(0, 0);
    }

    /** The authority's part: whether one is configured, and its last verdict (null before the first). */
    public record AuthorityInput(boolean configured, AuthorityVerdict verdict) {
        public static final AuthorityInput NONE = new AuthorityInput(false, null);
    }

    /** A decision: the snapshot to publish and the memory to carry on. */
    public record Decision(TopologySnapshot snapshot, Memory memory) {
    }

    /**
     * Decides the topology.
     *
     * @param readings the latest reading per node ("host:port"); a node without one was never read
     * @param previous the last snapshot (for change times), or null
     */
    public static Decision decide(String cluster, List<String> nodes, Map<String, NodeObservation> readings,
                                  Memory memory, AuthorityInput authority, TopologySnapshot previous, Instant now) {
        return decide(cluster, nodes, Set.of(), readings, memory, authority, previous, now);
    }

    /**
     * As {@link #decide(String, List, Map, Memory, AuthorityInput, TopologySnapshot, Instant)}, with nodes removed
     * from the configuration: they keep their place (and index) in the list, count for nothing and are RETIRED.
     */
    public static Decision decide(String cluster, List<String> nodes, Set<String> retired,
                                  Map<String, NodeObservation> readings, Memory memory, AuthorityInput authority,
                                  TopologySnapshot previous, Instant now) {
        if (!retired.isEmpty()) {
            Map<String, NodeObservation> live = new java.util.HashMap<>(readings);
            live.keySet().removeAll(retired);
            readings = live;
        }
        long systemId = memory.systemIdentifier();
        int highest = memory.highestTimeline();
        boolean allRead = true;
        for (String node : nodes) {
            if (retired.contains(node)) {
                continue;
            }
            NodeObservation reading = readings.get(node);
            if (reading == null) {
                allRead = false;
                continue;
            }
            if (!reading.reachable()) {
                continue;
            }
            if (systemId == 0) {
                systemId = reading.systemIdentifier();
            }
            if (reading.systemIdentifier() == systemId) {
                highest = Math.max(highest, reading.timeline());
            }
        }

        List<String> topWritable = new ArrayList<>();
        for (String node : nodes) {
            NodeObservation r = readings.get(node);
            if (r != null && r.reachable() && !r.standby() && r.systemIdentifier() == systemId && r.timeline() == highest) {
                topWritable.add(node);
            }
        }
        boolean splitBrain = topWritable.size() > 1;

        String candidate = topWritable.size() == 1 ? topWritable.get(0) : null;
        String noWriteReason = null;
        if (!allRead) {
            candidate = null;
            noWriteReason = "not every node has been read yet";
        } else if (splitBrain) {
            noWriteReason = "split brain: " + String.join(" and ", topWritable) + " are both writable on timeline "
                    + highest + "; writes are refused";
        } else if (candidate == null) {
            noWriteReason = "no writable node on timeline " + highest;
        } else if (authority.configured()) {
            AuthorityVerdict verdict = authority.verdict();
            if (verdict == null) {
                noWriteReason = "the authority has not been read yet";
                candidate = null;
            } else if (!verdict.readable()) {
                noWriteReason = "the authority cannot be read: " + verdict.error();
                candidate = null;
            } else if (!candidate.equals(verdict.leader())) {
                noWriteReason = "the authority names " + (verdict.leader() == null ? "no leader" : verdict.leader())
                        + ", not " + candidate;
                candidate = null;
            }
        }

        long referenceLsn = referenceLsn(nodes, readings, candidate, systemId, highest);
        List<NodeView> views = new ArrayList<>(nodes.size());
        NodeView writeTarget = null;
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            NodeView before = previous == null ? null : previous.node(node);
            NodeView view = retired.contains(node) ? retiredView(node, i, before, now)
                    : view(node, i, readings.get(node), systemId, highest, splitBrain, node.equals(candidate),
                    referenceLsn, before, now);
            views.add(view);
            if (view.writeTarget()) {
                writeTarget = view;
            }
        }
        long version = previous == null ? 1 : previous.version() + 1;
        return new Decision(new TopologySnapshot(cluster, version, views, writeTarget, noWriteReason, splitBrain, highest),
                new Memory(systemId, highest));
    }

    /** What standby lag is measured against: the write target, else the furthest node on the highest timeline. */
    private static long referenceLsn(List<String> nodes, Map<String, NodeObservation> readings, String writeTarget,
                                     long systemId, int highest) {
        if (writeTarget != null) {
            return readings.get(writeTarget).lsn();
        }
        long furthest = Lsn.UNKNOWN;
        for (String node : nodes) {
            NodeObservation r = readings.get(node);
            if (r != null && r.reachable() && r.systemIdentifier() == systemId
                    && (r.timeline() == highest || r.timeline() == 0) && Lsn.atLeast(r.lsn(), furthest)) {
                furthest = r.lsn();
            }
        }
        return furthest;
    }

    private static NodeView retiredView(String node, int index, NodeView before, Instant now) {
        Instant since = before != null && before.state() == NodeState.RETIRED ? before.since() : now;
        return new NodeView(node, index, NodeState.RETIRED, before != null && before.standby(), false,
                before != null ? before.timeline() : 0, before != null ? before.lsn() : Lsn.UNKNOWN, -1,
                Double.POSITIVE_INFINITY, since, "removed from the configuration", null);
    }

    private static NodeView view(String node, int index, NodeObservation r, long systemId, int highest, boolean splitBrain,
                                 boolean writeTarget, long referenceLsn, NodeView before, Instant now) {
        NodeState state;
        String detail = null;
        if (r == null) {
            state = NodeState.UNKNOWN;
        } else if (!r.reachable()) {
            state = NodeState.DOWN;
            detail = r.error();
        } else if (r.systemIdentifier() != systemId) {
            state = NodeState.FOREIGN;
            detail = "system identifier " + Long.toUnsignedString(r.systemIdentifier()) + " is not the cluster's "
                    + Long.toUnsignedString(systemId);
        } else if (!r.standby() && r.timeline() < highest) {
            state = NodeState.FENCED;
            detail = "writable on timeline " + r.timeline() + " below the cluster's timeline " + highest;
        } else if (!r.standby() && splitBrain) {
            state = NodeState.FENCED;
            detail = "split brain: another node is writable on timeline " + highest;
        } else {
            state = NodeState.UP;
        }
        // An unreachable reading carries no role: a down node keeps the role it was last seen with.
        boolean standby = r != null && r.reachable() ? r.standby() : before != null && before.standby();
        int timeline = r != null && r.reachable() ? r.timeline() : before != null ? before.timeline() : 0;
        long lsn = r != null && r.reachable() ? r.lsn() : before != null ? before.lsn() : Lsn.UNKNOWN;
        long lagBytes;
        double lagSeconds;
        if (state != NodeState.UP) {
            lagBytes = -1;
            lagSeconds = Double.POSITIVE_INFINITY;
        } else if (!standby) {
            lagBytes = 0;
            lagSeconds = 0;
        } else {
            // A standby on another timeline than the cluster's has no comparable position.
            lagBytes = timeline == 0 || timeline == highest ? Lsn.distance(lsn, referenceLsn) : -1;
            lagSeconds = r.lagSeconds();
        }
        boolean changed = before == null || before.state() != state || before.standby() != standby
                || before.timeline() != timeline || before.writeTarget() != writeTarget;
        Instant since = changed ? now : before.since();
        Instant observedAt = r != null ? r.at() : null;
        return new NodeView(node, index, state, standby, writeTarget, timeline, lsn, lagBytes, lagSeconds, since,
                detail, observedAt);
    }
}

// NodeState: how the topology classifies a node for routing.
package dev.switchboard.topology;

/** A node's routing state. Only UP nodes receive traffic. */
public enum NodeState {
    /** Not observed yet. */
    UNKNOWN,
    /** Reachable, of this cluster, routable (as primary or standby). */
    UP,
    /** Unreachable or its connection was lost. */
    DOWN,
    /** Writable but on a lower timeline than the cluster has seen, or one of two writable nodes on the same
     * timeline: diverged or in doubt, so it gets nothing. */
    FENCED,
    /** Its system identifier differs from the cluster's: another PostgreSQL system. */
    FOREIGN,
    /** Removed from the cluster's configuration by a reload: no longer read, gets nothing. */
    RETIRED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

// A set of nodes belonging to one PostgreSQL system (a primary and its standbys).
package dev.switchboard.config;

import java.util.List;
import java.util.Objects;

/**
 * A cluster: the nodes of one PostgreSQL system.
 *
 * @param name      the key under {@code clusters}
 * @param nodes     node addresses in file order, at least one, no duplicates
 * @param monitor   node monitor settings
 * @param failover  how long requests wait for a usable node
 * @param authority nullable: the external failover authority; null = roles come from the nodes alone
 */
public record ClusterConfig(String name, List<NodeAddress> nodes, MonitorConfig monitor, FailoverConfig failover,
                            AuthorityConfig authority) {

    public ClusterConfig {
        Objects.requireNonNull(name, "name");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(failover, "failover");
    }

    /** A cluster with default failover settings and no authority. */
    public ClusterConfig(String name, List<NodeAddress> nodes, MonitorConfig monitor) {
        this(name, nodes, monitor, FailoverConfig.defaults(), null);
    }
}

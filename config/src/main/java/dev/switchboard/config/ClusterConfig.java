// A set of nodes belonging to one PostgreSQL system (a primary and its standbys).
package dev.switchboard.config;

import java.util.List;
import java.util.Objects;

/**
 * A cluster: the nodes of one PostgreSQL system.
 *
 * @param name    the key under {@code clusters}
 * @param nodes   node addresses in file order, at least one, no duplicates
 * @param monitor node monitor settings
 */
public record ClusterConfig(String name, List<NodeAddress> nodes, MonitorConfig monitor) {

    public ClusterConfig {
        Objects.requireNonNull(name, "name");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(monitor, "monitor");
    }
}

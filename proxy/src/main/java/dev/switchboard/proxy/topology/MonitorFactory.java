// MonitorFactory: builds a cluster's monitor (and its Patroni authority) from the configuration.
package dev.switchboard.proxy.topology;

import dev.switchboard.config.AuthorityConfig;
import dev.switchboard.config.ClusterConfig;
import dev.switchboard.config.MonitorConfig;
import dev.switchboard.config.NodeAddress;
import dev.switchboard.topology.Authority;
import dev.switchboard.topology.ClusterTopology;
import dev.switchboard.topology.authority.PatroniAuthority;
import dev.switchboard.topology.monitor.ClusterMonitor;
import dev.switchboard.topology.monitor.MonitorSettings;
import dev.switchboard.topology.monitor.NodeEndpoint;
import java.time.Duration;
import java.util.List;

/** Translates configuration records into the topology module's own settings, which know nothing of YAML. */
final class MonitorFactory {

    private MonitorFactory() {
    }

    /** Starts the cluster's monitor and waits, at most {@code firstReadings}, for every node to be read once. */
    static ClusterMonitor start(ClusterConfig cluster, ClusterTopology topology, Duration firstReadings) {
        MonitorSettings settings = settings(cluster);
        List<NodeEndpoint> endpoints = cluster.nodes().stream().map(MonitorFactory::endpoint).toList();
        AuthorityConfig authorityConfig = cluster.authority();
        Authority authority = authorityConfig == null ? null
                : new PatroniAuthority(cluster.name(), authorityConfig.patroni(), authorityConfig.pollInterval());
        ClusterMonitor started = new ClusterMonitor(topology, endpoints, settings, authority);
        started.start();
        try {
            started.awaitFirstReadings(firstReadings);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return started;
    }

    static MonitorSettings settings(ClusterConfig cluster) {
        MonitorConfig monitor = cluster.monitor();
        return new MonitorSettings(monitor.interval(), monitor.user(), monitor.password(), monitor.dbname(),
                monitor.connectTimeout());
    }

    static NodeEndpoint endpoint(NodeAddress node) {
        return new NodeEndpoint(Topologies.nodeId(node), node.host(), node.port());
    }
}

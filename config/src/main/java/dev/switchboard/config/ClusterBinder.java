// Binds the clusters section: named sets of node addresses with their monitor settings.
package dev.switchboard.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Builds the cluster map; every named cluster gets an entry, even a faulty one, to avoid follow-on errors. */
final class ClusterBinder {

    private ClusterBinder() {
    }

    static Map<String, ClusterConfig> bind(Binding binding, MappingReader clusters) {
        Map<String, ClusterConfig> result = new LinkedHashMap<>();
        for (MappingReader.Entry e : clusters.entries()) {
            String path = clusters.path(e.key());
            if (e.key().isBlank()) {
                binding.problems.add(e.keyNode(), path, "cluster name must not be empty");
            }
            MappingReader r = MappingReader.of(binding, e.value(), path, List.of("nodes", "monitor"));
            result.put(e.key(), new ClusterConfig(e.key(), nodes(binding, r), monitor(binding, r)));
        }
        return result;
    }

    private static List<NodeAddress> nodes(Binding binding, MappingReader cluster) {
        if (!cluster.has("nodes")) {
            cluster.missing("nodes");
            return List.of();
        }
        String path = cluster.path("nodes");
        List<Node> items = binding.items(cluster.node("nodes"), path);
        if (items.isEmpty() && cluster.node("nodes") instanceof SequenceNode) {
            binding.problems.add(cluster.node("nodes"), path, "at least one node is required");
        }
        List<NodeAddress> nodes = new ArrayList<>();
        Map<NodeAddress, Integer> seenAt = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = path + "[" + i + "]";
            String text = binding.text(item, itemPath);
            if (text == null) {
                if (Binding.isNull(item)) {
                    binding.problems.add(item, itemPath, "empty node address; expected host:port");
                }
                continue;
            }
            try {
                NodeAddress address = NodeAddress.parse(text);
                Integer first = seenAt.putIfAbsent(address, Problems.lineOf(item));
                if (first != null) {
                    binding.problems.add(item, itemPath, "duplicate node " + address + " (first listed at line "
                            + first + ")");
                } else {
                    nodes.add(address);
                }
            } catch (IllegalArgumentException ex) {
                binding.problems.add(item, itemPath, ex.getMessage());
            }
        }
        return nodes;
    }

    private static MonitorConfig monitor(Binding binding, MappingReader cluster) {
        MappingReader r = MappingReader.of(binding, cluster.node("monitor"), cluster.path("monitor"),
                List.of("interval"));
        return new MonitorConfig(r.duration("interval", MonitorConfig.DEFAULT_INTERVAL, true));
    }
}

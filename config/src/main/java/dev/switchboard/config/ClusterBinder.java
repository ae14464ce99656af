// Binds the clusters section: named sets of node addresses with their monitor, failover and authority settings.
package dev.switchboard.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Builds the cluster map; every named cluster gets an entry, even a faulty one, to avoid follow-on errors. */
final class ClusterBinder {

    private static final List<String> KEYS = List.of("nodes", "monitor", "failover", "authority");
    private static final List<String> MONITOR_KEYS =
            List.of("interval", "user", "password", "dbname", "connect_timeout");

    private ClusterBinder() {
    }

    static Map<String, ClusterConfig> bind(Binding binding, MappingReader clusters) {
        Map<String, ClusterConfig> result = new LinkedHashMap<>();
        for (MappingReader.Entry e : clusters.entries()) {
            String path = clusters.path(e.key());
            if (e.key().isBlank()) {
                binding.problems.add(e.keyNode(), path, "cluster name must not be empty");
            }
            MappingReader r = MappingReader.of(binding, e.value(), path, KEYS);
            List<NodeAddress> nodes = nodes(binding, r);
            MonitorConfig monitor = monitor(binding, r);
            FailoverConfig failover = failover(binding, r);
            AuthorityConfig authority = authority(binding, r);
            NodeAddress socketNode = nodes.stream().filter(NodeAddress::isUnixSocket).findFirst().orElse(null);
            if (authority != null && socketNode != null) {
                // Patroni names its leader by host:port; a socket directory can never be named, so writes would wait.
                binding.problems.add(r.node("authority"), r.path("authority"), "node " + socketNode
                        + " is a Unix socket, which Patroni cannot name as its leader (it names members by host:port);"
                        + " write the node as host:port, or leave the authority out");
            }
            result.put(e.key(), new ClusterConfig(e.key(), nodes, monitor, failover, authority));
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
        MappingReader r = MappingReader.of(binding, cluster.node("monitor"), cluster.path("monitor"), MONITOR_KEYS);
        Duration interval = r.duration("interval", MonitorConfig.DEFAULT_INTERVAL, true);
        String user = nonEmpty(r, "user", MonitorConfig.DEFAULT_USER);
        String password = r.string("password", null);
        if (password != null && password.isEmpty()) {
            password = r.fail("password", "must not be empty; leave the key out for no password", null);
        } else if (password != null && PasswordKind.classify(password) != PasswordKind.PLAINTEXT) {
            // The monitor logs in as a client and derives every answer from the plaintext: a stored secret or
            // hash given instead would be hashed again and fail, so refuse it here with the reason.
            String what = PasswordKind.classify(password) == PasswordKind.SCRAM_SECRET
                    ? "a SCRAM secret" : "an md5 hash";
            password = r.fail("password", what + " cannot be used to log in to PostgreSQL; the monitor needs the "
                    + "plaintext password", null);
        }
        String dbname = nonEmpty(r, "dbname", MonitorConfig.DEFAULT_DBNAME);
        Duration connectTimeout = r.duration("connect_timeout", MonitorConfig.DEFAULT_CONNECT_TIMEOUT, true);
        return new MonitorConfig(interval, user, password, dbname, connectTimeout);
    }

    private static String nonEmpty(MappingReader r, String key, String def) {
        String value = r.string(key, def);
        return value.isEmpty() ? r.fail(key, "must not be empty", def) : value;
    }

    private static FailoverConfig failover(Binding binding, MappingReader cluster) {
        MappingReader r = MappingReader.of(binding, cluster.node("failover"), cluster.path("failover"),
                List.of("hold_timeout", "drain_timeout"));
        return new FailoverConfig(r.duration("hold_timeout", FailoverConfig.DEFAULT_HOLD_TIMEOUT, false),
                r.duration("drain_timeout", FailoverConfig.DEFAULT_DRAIN_TIMEOUT, false));
    }

    /** The authority, or null when none is configured or it has errors (then they are recorded). */
    private static AuthorityConfig authority(Binding binding, MappingReader cluster) {
        if (!cluster.has("authority")) {
            return null;
        }
        MappingReader r = MappingReader.of(binding, cluster.node("authority"), cluster.path("authority"),
                List.of("patroni", "poll_interval"));
        if (r.wrongType()) {
            return null;
        }
        List<URI> urls = patroniUrls(binding, r);
        Duration pollInterval = r.duration("poll_interval", AuthorityConfig.DEFAULT_POLL_INTERVAL, true);
        return urls.isEmpty() ? null : new AuthorityConfig(urls, pollInterval);
    }

    private static List<URI> patroniUrls(Binding binding, MappingReader authority) {
        if (!authority.has("patroni")) {
            authority.missing("patroni");
            return List.of();
        }
        Node node = authority.node("patroni");
        String path = authority.path("patroni");
        // A single URL may be written without the list brackets; it is then named without an index.
        boolean single = node instanceof ScalarNode;
        List<Node> items = single ? List.of(node) : binding.items(node, path);
        if (items.isEmpty() && node instanceof SequenceNode) {
            binding.problems.add(node, path, "at least one Patroni URL is required");
        }
        List<URI> urls = new ArrayList<>();
        Map<URI, Integer> seenAt = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = single ? path : path + "[" + i + "]";
            String text = binding.text(item, itemPath);
            if (text == null) {
                if (Binding.isNull(item)) {
                    binding.problems.add(item, itemPath, "empty URL; expected e.g. http://127.0.0.1:8008");
                }
                continue;
            }
            try {
                URI url = AuthorityConfig.parseUrl(text);
                Integer first = seenAt.putIfAbsent(url, Problems.lineOf(item));
                if (first != null) {
                    binding.problems.add(item, itemPath, "duplicate URL " + url + " (first listed at line " + first
                            + ")");
                } else {
                    urls.add(url);
                }
            } catch (IllegalArgumentException ex) {
                binding.problems.add(item, itemPath, ex.getMessage());
            }
        }
        return urls;
    }
}

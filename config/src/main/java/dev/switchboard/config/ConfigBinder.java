// Binds the root mapping: each top-level section, in dependency order, into a SwitchboardConfig.
package dev.switchboard.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Top level of the binding; sections are read in dependency order whatever their order in the file. */
final class ConfigBinder {

    static final List<String> TOP_KEYS =
            List.of("listen", "limits", "auth", "pool", "clusters", "databases", "users", "http", "tls", "access",
                    "peers", "admin_users", "stats_users");

    private ConfigBinder() {
    }

    static SwitchboardConfig bind(Binding binding, Node root) {
        // A root that is not a mapping was reported already; "clusters: required" would only add noise.
        boolean rootUsable = Binding.isNull(root) || root instanceof MappingNode;
        MappingReader top = MappingReader.of(binding, root, "", TOP_KEYS);
        ListenConfig listen = SettingsBinder.listen(binding, top.node("listen"));
        LimitsConfig limits = SettingsBinder.limits(binding, top.node("limits"));
        AuthConfig auth = SettingsBinder.auth(binding, top.node("auth"));
        PoolConfig pool = PoolBinder.bind(binding, top.node("pool"), "pool", PoolConfig.defaults());
        Map<String, ClusterConfig> clusters = ClusterBinder.bind(binding, named(binding, top, "clusters", "cluster", rootUsable));
        MappingReader databaseEntries = named(binding, top, "databases", "database", rootUsable);
        for (MappingReader.Entry e : databaseEntries.entries()) {
            if (ConsoleUsers.DATABASES.contains(e.key())) {
                binding.problems.add(e.keyNode(), databaseEntries.path(e.key()),
                        "the name of the admin console; choose another name for this database");
            }
        }
        Map<String, DatabaseConfig> databases = DatabaseBinder.bind(binding, databaseEntries, clusters.keySet(), pool);
        TlsConfig tls = SettingsBinder.tls(binding, top.node("tls"));
        Map<String, UserConfig> users = UserBinder.bind(binding, top.node("users"), auth, listen, tls.client());
        HttpConfig http = SettingsBinder.http(binding, top.node("http"), listen);
        List<AccessRule> access = AccessBinder.bind(binding, top.node("access"));
        PeersConfig peers = SettingsBinder.peers(binding, top.node("peers"));
        ConsoleUsers console = new ConsoleUsers(userNames(binding, top, "admin_users"),
                userNames(binding, top, "stats_users"));
        return new SwitchboardConfig(listen, limits, pool, clusters, databases, users, auth, http, tls, access, peers,
                console);
    }

    /**
     * A list of user names: a YAML list, or PgBouncer's comma-separated string so that its value can be copied over.
     */
    private static List<String> userNames(Binding binding, MappingReader top, String key) {
        Node node = top.node(key);
        List<String> names = new java.util.ArrayList<>();
        if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
            for (Node item : binding.items(node, key)) {
                String name = binding.text(item, key);
                if (name != null) {
                    names.add(name.strip());
                }
            }
        } else {
            String text = binding.text(node, key);
            if (text != null) {
                for (String name : text.split(",")) {
                    names.add(name.strip());
                }
            }
        }
        if (names.stream().anyMatch(String::isEmpty)) {
            binding.problems.add(node, key, "a user name cannot be empty");
            names.removeIf(String::isEmpty);
        }
        return names;
    }

    /** A required, non-empty mapping of user-chosen names. */
    private static MappingReader named(Binding binding, MappingReader top, String key, String what,
                                       boolean rootUsable) {
        MappingReader r = MappingReader.of(binding, top.node(key), key, null);
        if (!top.has(key) && rootUsable) {
            top.fail(key, "required: define at least one " + what, null);
        } else if (r.isEmpty() && top.node(key) instanceof MappingNode) {
            top.fail(key, "at least one " + what + " is required", null);
        }
        return r;
    }
}

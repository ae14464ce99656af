// Binds the databases section: virtual database names mapped onto clusters.
package dev.switchboard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the database map and checks each database's cluster against the defined clusters. */
final class DatabaseBinder {

    private static final List<String> KEYS = List.of("cluster", "dbname", "target", "pool", "max_server_connections");

    private DatabaseBinder() {
    }

    static Map<String, DatabaseConfig> bind(Binding binding, MappingReader databases, Set<String> clusters,
                                            PoolConfig globalPool) {
        Map<String, DatabaseConfig> result = new LinkedHashMap<>();
        for (MappingReader.Entry e : databases.entries()) {
            String path = databases.path(e.key());
            if (e.key().isBlank()) {
                binding.problems.add(e.keyNode(), path, "database name must not be empty");
            }
            MappingReader r = MappingReader.of(binding, e.value(), path, KEYS);
            String cluster = cluster(r, clusters);
            String dbname = r.string("dbname", e.key());
            if (r.has("dbname") && dbname.isEmpty()) {
                dbname = r.fail("dbname", "must not be empty", e.key());
            }
            Target target = r.choice("target", Target.values(), DatabaseConfig.DEFAULT_TARGET);
            PoolConfig pool = PoolBinder.bind(binding, r.node("pool"), r.path("pool"), globalPool);
            int maxServers = r.integer("max_server_connections", DatabaseConfig.DEFAULT_MAX_SERVER_CONNECTIONS, 0,
                    Integer.MAX_VALUE);
            result.put(e.key(), new DatabaseConfig(e.key(), cluster == null ? "" : cluster, dbname, target, pool,
                    maxServers));
        }
        return result;
    }

    /** The cluster named, or the only cluster when there is exactly one and none is named. */
    private static String cluster(MappingReader r, Set<String> clusters) {
        if (!r.has("cluster") && clusters.size() == 1) {
            return clusters.iterator().next();
        }
        String name = r.requiredString("cluster");
        if (name == null || clusters.contains(name) || clusters.isEmpty()) {
            return name;
        }
        String hint = Suggestions.closest(name, clusters).map(s -> "did you mean \"" + s + "\"?")
                .orElseGet(() -> "defined clusters: " + String.join(", ", clusters));
        return r.fail("cluster", "unknown cluster \"" + name + "\"; " + hint, name);
    }
}

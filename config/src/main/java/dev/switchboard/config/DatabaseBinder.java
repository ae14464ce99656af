// Binds the databases section: virtual database names mapped onto clusters.
package dev.switchboard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the database map and checks each database's cluster against the defined clusters. */
final class DatabaseBinder {

    private static final List<String> KEYS = List.of("cluster", "dbname", "target", "pool", "max_server_connections",
            "max_lag", "read_your_writes", "replay_wait");

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
            if (e.key().equals(DatabaseConfig.FALLBACK) && r.has("dbname")) {
                dbname = r.fail("dbname", "the fallback database \"*\" connects to the database each client names;"
                        + " it takes no dbname", e.key());
            } else if (r.has("dbname") && dbname.isEmpty()) {
                dbname = r.fail("dbname", "must not be empty", e.key());
            }
            // Null after a wrong value (reported): checks against the target would only add noise then.
            Target target = r.choice("target", Target.values(), r.has("target") ? null : DatabaseConfig.DEFAULT_TARGET);
            PoolConfig pool = PoolBinder.bind(binding, r.node("pool"), r.path("pool"), globalPool);
            int maxServers = r.integer("max_server_connections", DatabaseConfig.DEFAULT_MAX_SERVER_CONNECTIONS, 0,
                    Integer.MAX_VALUE);
            MaxLag maxLag = maxLag(r, target);
            boolean readYourWrites = readYourWrites(r, target, pool);
            java.time.Duration replayWait = r.duration("replay_wait", DatabaseConfig.DEFAULT_REPLAY_WAIT, false);
            result.put(e.key(), new DatabaseConfig(e.key(), cluster == null ? "" : cluster, dbname,
                    target == null ? DatabaseConfig.DEFAULT_TARGET : target, pool, maxServers, maxLag,
                    readYourWrites, replayWait));
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

    private static MaxLag maxLag(MappingReader r, Target target) {
        String text = r.string("max_lag", null);
        if (text == null) {
            return null;
        }
        MaxLag maxLag;
        try {
            maxLag = MaxLag.parse(text);
        } catch (IllegalArgumentException ex) {
            return r.fail("max_lag", ex.getMessage(), null);
        }
        if (target == Target.READ_WRITE) {
            return r.fail("max_lag", "max_lag bounds standby lag, and target read-write" + defaulted(r)
                    + " never uses a standby", null);
        }
        return maxLag;
    }

    private static boolean readYourWrites(MappingReader r, Target target, PoolConfig pool) {
        if (!r.bool("read_your_writes", false)) {
            return false;
        }
        boolean ok = true;
        if (target == Target.READ_WRITE) {
            ok = r.fail("read_your_writes", "pointless with target read-write" + defaulted(r)
                    + ": everything goes to the primary", false);
        }
        if (pool.mode() == PoolMode.SESSION) {
            ok = r.fail("read_your_writes", "read_your_writes needs pool mode transaction or statement: a session "
                    + "stays on one node", false);
        }
        return ok;
    }

    /** Says so when the target was not written: read-write is the default, which may surprise. */
    private static String defaulted(MappingReader r) {
        return r.has("target") ? "" : " (the default)";
    }
}

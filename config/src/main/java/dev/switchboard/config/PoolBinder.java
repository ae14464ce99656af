// Binds a pool section: the global one, or a database's overrides on top of it.
package dev.switchboard.config;

import java.time.Duration;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Builds a {@link PoolConfig}: keys present in the section override {@code base}. */
final class PoolBinder {

    static final List<String> KEYS = List.of("mode", "size", "wait_timeout", "idle_timeout", "max_lifetime",
            "reset_query", "min_idle", "health_check_after_idle", "max_prepared_statements");

    private PoolBinder() {
    }

    static PoolConfig bind(Binding binding, Node node, String path, PoolConfig base) {
        MappingReader r = MappingReader.of(binding, node, path, KEYS);
        PoolMode mode = r.choice("mode", PoolMode.values(), base.mode());
        int size = r.integer("size", base.size(), 1, Integer.MAX_VALUE);
        Duration waitTimeout = r.duration("wait_timeout", base.waitTimeout(), false);
        Duration idleTimeout = r.duration("idle_timeout", base.idleTimeout(), false);
        Duration maxLifetime = r.duration("max_lifetime", base.maxLifetime(), false);
        String resetQuery = r.string("reset_query", base.resetQuery());
        int minIdle = r.integer("min_idle", base.minIdle(), 0, Integer.MAX_VALUE);
        Duration healthCheck = r.duration("health_check_after_idle", base.healthCheckAfterIdle(), false);
        int maxPrepared = r.integer("max_prepared_statements", base.maxPreparedStatements(), 1,
                PoolConfig.MAX_MAX_PREPARED_STATEMENTS);
        if (minIdle > size) {
            // Point at whichever of the two this section wrote; a database may inherit the other one.
            if (r.has("min_idle")) {
                minIdle = r.fail("min_idle", "must not exceed the pool size (" + size + "), got " + minIdle, 0);
            } else {
                minIdle = r.fail("size", "must be at least min_idle (" + minIdle + "), got " + size, 0);
            }
        }
        return new PoolConfig(mode, size, waitTimeout, idleTimeout, maxLifetime, resetQuery, minIdle, healthCheck,
                maxPrepared);
    }
}

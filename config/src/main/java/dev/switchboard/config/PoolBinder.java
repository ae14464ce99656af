// Binds a pool section: the global one, or a database's overrides on top of it.
package dev.switchboard.config;

import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Builds a {@link PoolConfig}: keys present in the section override {@code base}. */
final class PoolBinder {

    static final List<String> KEYS =
            List.of("mode", "size", "wait_timeout", "idle_timeout", "max_lifetime", "reset_query");

    private PoolBinder() {
    }

    static PoolConfig bind(Binding binding, Node node, String path, PoolConfig base) {
        MappingReader r = MappingReader.of(binding, node, path, KEYS);
        return new PoolConfig(
                r.choice("mode", PoolMode.values(), base.mode()),
                r.integer("size", base.size(), 1, Integer.MAX_VALUE),
                r.duration("wait_timeout", base.waitTimeout(), false),
                r.duration("idle_timeout", base.idleTimeout(), false),
                r.duration("max_lifetime", base.maxLifetime(), false),
                r.string("reset_query", base.resetQuery()));
    }
}

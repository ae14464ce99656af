// AdminView: what the admin HTTP endpoint reads from a running proxy (topology snapshots and metrics).
package dev.switchboard.proxy.admin;

import dev.switchboard.topology.TopologySnapshot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The read-only window the {@link AdminServer} looks through. Both methods are called on the admin thread, never
 * on an event loop, so they may take a little time; they must be thread-safe.
 */
public interface AdminView {

    /** The latest snapshot of every cluster, in configured order. */
    List<TopologySnapshot> topologies();

    /** All meters in the Prometheus text exposition format 0.0.4. */
    String scrape();

    /** A view over a running proxy's topologies and its Prometheus registry. */
    static AdminView of(Supplier<List<TopologySnapshot>> topologies, PrometheusMeterRegistry registry) {
        Objects.requireNonNull(topologies, "topologies");
        Objects.requireNonNull(registry, "registry");
        return new AdminView() {
            @Override
            public List<TopologySnapshot> topologies() {
                return topologies.get();
            }

            @Override
            public String scrape() {
                return registry.scrape();
            }
        };
    }
}

// AdminView: what the admin HTTP endpoint reads from a running proxy (topology snapshots, metrics, drain).
package dev.switchboard.proxy.admin;

import dev.switchboard.proxy.switchover.Switchovers;
import dev.switchboard.topology.TopologySnapshot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The window the {@link AdminServer} looks through: read-only but for switchovers. Its methods are called on the admin thread, never
 * on an event loop, so they may take a little time; they must be thread-safe.
 */
public interface AdminView {

    /** The latest snapshot of every cluster, in configured order. */
    List<TopologySnapshot> topologies();

    /** All meters in the Prometheus text exposition format 0.0.4. */
    String scrape();

    /** The proxy is draining its clients (shutting down or handing over): it wants no new ones. */
    default boolean draining() {
        return false;
    }

    /** The proxy's switchovers (POST /switchover); null where there are none to run. */
    default Switchovers switchovers() {
        return null;
    }

    /** A view over a running proxy's topologies and its Prometheus registry, never draining. */
    static AdminView of(Supplier<List<TopologySnapshot>> topologies, PrometheusMeterRegistry registry) {
        return of(topologies, registry, () -> false);
    }

    /** A view over a running proxy's topologies, its Prometheus registry and its drain. */
    static AdminView of(Supplier<List<TopologySnapshot>> topologies, PrometheusMeterRegistry registry,
                        BooleanSupplier draining) {
        return of(topologies, registry, draining, null);
    }

    /** A view over a running proxy's topologies, its Prometheus registry, its drain and its switchovers. */
    static AdminView of(Supplier<List<TopologySnapshot>> topologies, PrometheusMeterRegistry registry,
                        BooleanSupplier draining, Switchovers switchovers) {
        Objects.requireNonNull(topologies, "topologies");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(draining, "draining");
        return new AdminView() {
            @Override
            public boolean draining() {
                return draining.getAsBoolean();
            }

            @Override
            public Switchovers switchovers() {
                return switchovers;
            }

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

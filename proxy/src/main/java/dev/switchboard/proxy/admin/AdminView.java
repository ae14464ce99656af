// AdminView: what the admin HTTP endpoint reads from a running proxy (topology, metrics, drain, activity).
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

    /** The pools, clients, pins and handoffs now; {@link ProxyActivity#NONE} without a proxy behind the view. */
    default ProxyActivity activity() {
        return ProxyActivity.NONE;
    }

    /** The latest role changes and handoffs, newest first. */
    default List<RecentEvents.Event> recentEvents() {
        return List.of();
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
        return of(topologies, registry, draining, () -> ProxyActivity.NONE,
                new RecentEvents(java.time.Clock.systemUTC()), null);
    }

    /**
     * A view over everything a running proxy shows: topologies, meters, drain, activity, recent events and
     * switchovers (null where there are none to run).
     */
    static AdminView of(Supplier<List<TopologySnapshot>> topologies, PrometheusMeterRegistry registry,
                        BooleanSupplier draining, Supplier<ProxyActivity> activity, RecentEvents events,
                        Switchovers switchovers) {
        Objects.requireNonNull(topologies, "topologies");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(draining, "draining");
        Objects.requireNonNull(activity, "activity");
        Objects.requireNonNull(events, "events");
        return new AdminView() {
            @Override
            public ProxyActivity activity() {
                return activity.get();
            }

            @Override
            public List<RecentEvents.Event> recentEvents() {
                return events.newestFirst();
            }

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

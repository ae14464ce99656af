// ClientMetrics: the logged-in clients by phase and the pinned ones, as gauges read from the client list.
package dev.switchboard.proxy.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * SHOW CLIENTS' counts on /metrics. The gauges walk the list when scraped, so the hot path pays nothing for them.
 */
public final class ClientMetrics {

    private ClientMetrics() {
    }

    /** Registers {@code switchboard.clients} (tagged by state) and {@code switchboard.clients.pinned}. */
    public static void bind(ClientList clients, MeterRegistry registry) {
        for (ClientPhase phase : new ClientPhase[] {ClientPhase.ACTIVE, ClientPhase.WAITING}) {
            Gauge.builder("switchboard.clients", clients, list -> list.all().stream()
                            .filter(c -> c.phase() == phase).count())
                    .tag("state", phase.label())
                    .description("logged-in clients: active (session runs) or waiting (for their first server)")
                    .register(registry);
        }
        Gauge.builder("switchboard.clients.pinned", clients, list -> list.all().stream()
                        .filter(c -> c.pinned() != null).count())
                .description("transaction-mode clients pinned to their server connection")
                .register(registry);
    }
}

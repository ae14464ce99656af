// HandoffMeters: what a handoff did, on /metrics of both processes.
package dev.switchboard.proxy.handoff;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The running process counts what it gave ({@code direction=given}), its successor what it took
 * ({@code direction=taken}): clients and server connections moved, clients left to be drained, and how long it took.
 */
public final class HandoffMeters {
    private HandoffMeters() {
    }

    /**
     * Registers the meters of both directions at zero, so that they are on /metrics (and a rate over them is 0)
     * before any handoff.
     */
    public static void register(MeterRegistry meters) {
        for (String direction : new String[] {"given", "taken"}) {
            record(meters, direction, 0, 0, 0, null);
        }
    }

    /** The running process handed over: {@code report} as its giver saw it. */
    public static void given(MeterRegistry meters, HandoffGiver.HandoffReport report) {
        record(meters, "given", report.moved(), report.serversMoved(), report.staying(), report.took());
    }

    /** This process took over: what the predecessor reported moving, and what was pooled here. */
    public static void taken(MeterRegistry meters, int clients, int servers, int staying, Duration took) {
        record(meters, "taken", clients, servers, staying, took);
    }

    private static void record(MeterRegistry meters, String direction, int clients, int servers, int staying,
                               Duration took) {
        Counter.builder("switchboard.handoff.clients").tag("direction", direction)
                .description("clients moved between processes in handoffs").register(meters).increment(clients);
        Counter.builder("switchboard.handoff.servers").tag("direction", direction)
                .description("server connections moved between processes in handoffs").register(meters)
                .increment(servers);
        Counter.builder("switchboard.handoff.drained").tag("direction", direction)
                .description("clients left to the predecessor's drain in handoffs").register(meters)
                .increment(staying);
        Timer timer = Timer.builder("switchboard.handoff.duration").tag("direction", direction)
                .description("how long handoffs took").register(meters);
        if (took != null) {
            timer.record(took);
        }
    }
}

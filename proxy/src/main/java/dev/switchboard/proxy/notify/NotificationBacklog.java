// NotificationBacklog: the proxy-wide limit and meters for notifications waiting for slow transaction-mode clients.
package dev.switchboard.proxy.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Each client counts its own waiting notifications (on its event loop); this holds the limit they are
 * checked against and what the meters show: how many wait now, the most one client had waiting at once,
 * and what was dropped. Thread-safe.
 */
public final class NotificationBacklog {
    private final int limit;
    private final LongAdder waiting = new LongAdder();
    private final AtomicInteger peak = new AtomicInteger();
    private final Counter dropped;
    private final Counter overflows;

    public NotificationBacklog(int limit, MeterRegistry meters) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
        Gauge.builder("switchboard.notifications.waiting", waiting, LongAdder::sum)
                .description("notifications held for transaction-mode clients or not yet taken by their sockets")
                .register(meters);
        Gauge.builder("switchboard.notifications.waiting.peak", peak, AtomicInteger::get)
                .description("the most notifications one client had waiting at once since the start")
                .register(meters);
        this.dropped = Counter.builder("switchboard.notifications.dropped")
                .description("notifications dropped because their client did not read them in time").register(meters);
        this.overflows = Counter.builder("switchboard.notifications.overflows")
                .description("clients closed because more than limits.max_queued_notifications waited for them")
                .register(meters);
    }

    /** limits.max_queued_notifications: how many may wait for one client. */
    public int limit() {
        return limit;
    }

    /** One more waits for a client that now has {@code clientWaiting}. */
    public void added(int clientWaiting) {
        waiting.increment();
        int seen = peak.get();
        while (clientWaiting > seen && !peak.compareAndSet(seen, clientWaiting)) {
            seen = peak.get();
        }
    }

    /** {@code count} no longer wait (written to the socket, or released). */
    public void removed(int count) {
        waiting.add(-count);
    }

    /** A client was cut off; {@code count} notifications were dropped with it so far. */
    public void overflowed(int count) {
        overflows.increment();
        dropped.increment(count);
    }

    /** More notifications dropped for a client already cut off. */
    public void dropped(int count) {
        dropped.increment(count);
    }
}

// RecentEvents: the last few role changes and handoffs of this proxy, for the dashboard.
package dev.switchboard.proxy.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A bounded, thread-safe log: monitor threads and the handoff add to it, the admin thread reads it. Only the
 * newest {@link #CAPACITY} events are kept; the full history is in the log file and the role-change counter.
 */
public final class RecentEvents {
    static final int CAPACITY = 50;

    /**
     * One thing that happened.
     *
     * @param at      when the proxy saw it
     * @param kind    {@code role}, {@code write-target} or {@code handoff}
     * @param cluster the cluster it concerns; null for a handoff
     * @param text    what happened, for people
     */
    public record Event(Instant at, String kind, String cluster, String text) {
    }

    private final Deque<Event> events = new ArrayDeque<>();
    private final Clock clock;

    public RecentEvents(Clock clock) {
        this.clock = clock;
    }

    public void add(String kind, String cluster, String text) {
        Event event = new Event(clock.instant(), kind, cluster, text);
        synchronized (events) {
            events.addFirst(event);
            if (events.size() > CAPACITY) {
                events.removeLast();
            }
        }
    }

    /** A handoff this process took part in: {@code what} is "took over" or "handed over". */
    public void handoff(String what, int clients, int servers, int drained, java.time.Duration took) {
        add("handoff", null, what + ": " + clients + " clients and " + servers + " server connections moved, "
                + drained + " clients left to drain, in " + took.toMillis() + " ms");
    }

    /** The events kept, newest first. */
    public List<Event> newestFirst() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }
}

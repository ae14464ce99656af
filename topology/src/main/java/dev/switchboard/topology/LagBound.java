// LagBound: how stale a standby may be for one virtual database.
package dev.switchboard.topology;

import java.time.Duration;

/** A bound on standby lag in bytes or in time; {@link #NONE} accepts every standby. */
public record LagBound(long maxBytes, Duration maxTime) {
    public static final LagBound NONE = new LagBound(-1, null);

    public static LagBound bytes(long max) {
        return new LagBound(max, null);
    }

    public static LagBound time(Duration max) {
        return new LagBound(-1, max);
    }

    /** Whether a standby with this view is fresh enough; unknown lag never is, unless there is no bound. */
    public boolean accepts(NodeView standby) {
        if (maxBytes >= 0 && (standby.lagBytes() < 0 || standby.lagBytes() > maxBytes)) {
            return false;
        }
        return maxTime == null || standby.lagSeconds() * 1000.0 <= maxTime.toMillis();
    }
}

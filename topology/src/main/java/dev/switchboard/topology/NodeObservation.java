// NodeObservation: what one poll of one node saw (or that the node could not be reached).
package dev.switchboard.topology;

import java.time.Instant;

/**
 * One reading of a node by its monitor.
 *
 * @param node              "host:port" as configured
 * @param reachable         false when the node could not be connected to or its connection was lost
 * @param error             why it is unreachable; null when reachable
 * @param standby           {@code pg_is_in_recovery()}
 * @param lsn               a primary's insert position; a standby's replay position (its receive position when
 *                          nothing has been replayed yet)
 * @param receiveLsn        a standby's receive position ({@link Lsn#UNKNOWN} when it has none); a primary's = lsn
 * @param timeline          a primary's current timeline (from its WAL file name); a standby's received timeline;
 *                          0 when unknown
 * @param replayAgeSeconds  a standby's {@code clock_timestamp() - pg_last_xact_replay_timestamp()}; NaN when unknown
 * @param systemIdentifier  {@code pg_control_system().system_identifier}
 * @param at                when the reading was taken
 */
public record NodeObservation(String node, boolean reachable, String error, boolean standby, long lsn, long receiveLsn,
                              int timeline, double replayAgeSeconds, long systemIdentifier, Instant at) {

    public static NodeObservation unreachable(String node, String error, Instant at) {
        return new NodeObservation(node, false, error, false, Lsn.UNKNOWN, Lsn.UNKNOWN, 0, Double.NaN, 0, at);
    }

    public static NodeObservation primary(String node, long lsn, int timeline, long systemIdentifier, Instant at) {
        return new NodeObservation(node, true, null, false, lsn, lsn, timeline, 0, systemIdentifier, at);
    }

    public static NodeObservation standby(String node, long replayLsn, long receiveLsn, int timeline,
                                          double replayAgeSeconds, long systemIdentifier, Instant at) {
        return new NodeObservation(node, true, null, true, replayLsn, receiveLsn, timeline, replayAgeSeconds,
                systemIdentifier, at);
    }

    /**
     * How far behind in time a standby's replay is. Zero when it has replayed all it received: the replay
     * timestamp ages on an idle primary even when nothing is missing.
     */
    public double lagSeconds() {
        if (!standby) {
            return 0;
        }
        if (receiveLsn == Lsn.UNKNOWN || Lsn.atLeast(lsn, receiveLsn)) {
            return 0;
        }
        return Double.isNaN(replayAgeSeconds) ? Double.POSITIVE_INFINITY : Math.max(0, replayAgeSeconds);
    }
}

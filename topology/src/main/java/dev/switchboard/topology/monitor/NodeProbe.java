// NodeProbe: the query that reads a node's role, WAL position, timeline and system id, and its parsing.
package dev.switchboard.topology.monitor;

import dev.switchboard.topology.Lsn;
import dev.switchboard.topology.NodeObservation;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One reading of one node. The timeline comes from the primary's current WAL file name and from the standby's
 * WAL receiver, never from {@code pg_control_checkpoint()}, which keeps the old timeline after a promotion
 * until the next checkpoint. The monitor's role needs {@code pg_monitor} (or superuser) to see
 * {@code received_tli}; without it a standby's timeline reads as unknown.
 */
public final class NodeProbe {

    /** Columns: in recovery, lsn, receive lsn, primary timeline, received timeline, replay age (s), system id. */
    public static final String SQL = """
            SELECT pg_is_in_recovery(),
                   CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END,
                   pg_last_wal_receive_lsn(),
                   CASE WHEN pg_is_in_recovery() THEN NULL
                        ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END,
                   (SELECT received_tli FROM pg_stat_wal_receiver),
                   extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()),
                   (SELECT system_identifier FROM pg_control_system())""";

    private static final int COLUMNS = 7;

    private NodeProbe() {
    }

    /**
     * Runs the probe on {@code connection} and stamps the reading with the time its answer arrived.
     *
     * @throws IOException when the query fails, or (SQLSTATE 08P01) its answer is not a probe row
     */
    public static NodeObservation read(MonitorConnection connection, String node, Clock clock) throws IOException {
        List<List<String>> rows = connection.query(SQL);
        Instant at = clock.instant();
        try {
            return parse(node, rows, at);
        } catch (IllegalArgumentException e) {
            throw MonitorException.local(MonitorException.PROTOCOL_VIOLATION, node + ": unreadable probe result: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Turns the probe's text row into a reading. A standby that has not replayed anything since it started
     * reports its receive position as its position; one without a WAL receiver right now has timeline 0 (unknown).
     *
     * @throws IllegalArgumentException when the rows are not one well-formed probe row
     */
    public static NodeObservation parse(String node, List<List<String>> rows, Instant at) {
        if (rows.size() != 1 || rows.get(0).size() != COLUMNS) {
            throw new IllegalArgumentException("expected one row of " + COLUMNS + " columns, got " + shape(rows));
        }
        List<String> row = rows.get(0);
        boolean standby = bool(row.get(0), "pg_is_in_recovery()");
        long lsn = Lsn.parse(row.get(1));
        long receiveLsn = Lsn.parse(row.get(2));
        long systemIdentifier = number(row.get(6), "system_identifier");
        if (!standby) {
            if (row.get(3) == null) {
                throw new IllegalArgumentException("a primary without a timeline");
            }
            return NodeObservation.primary(node, lsn, timeline(row.get(3)), systemIdentifier, at);
        }
        if (lsn == Lsn.UNKNOWN) {
            lsn = receiveLsn;
        }
        int timeline = row.get(4) == null ? 0 : timeline(row.get(4));
        double replayAge = row.get(5) == null ? Double.NaN : decimal(row.get(5), "replay age");
        return NodeObservation.standby(node, lsn, receiveLsn, timeline, replayAge, systemIdentifier, at);
    }

    private static boolean bool(String text, String what) {
        if ("t".equals(text)) {
            return true;
        }
        if ("f".equals(text)) {
            return false;
        }
        throw new IllegalArgumentException(what + " is \"" + text + "\", not t or f");
    }

    private static int timeline(String text) {
        long value = number(text, "timeline");
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeline " + text + " is out of range");
        }
        return (int) value;
    }

    private static long number(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is NULL");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " \"" + text + "\" is not a number", e);
        }
    }

    private static double decimal(String text, String what) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " \"" + text + "\" is not a number", e);
        }
    }

    private static String shape(List<List<String>> rows) {
        return rows.size() + " rows" + (rows.isEmpty() ? "" : " of " + rows.get(0).size() + " columns");
    }
}

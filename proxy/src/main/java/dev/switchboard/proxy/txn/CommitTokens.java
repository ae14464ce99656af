// CommitTokens: reads a commit position (read-your-writes, commit_lsn) on the server that just committed the client's write.
package dev.switchboard.proxy.txn;

import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.Lsn;
import java.util.List;

/**
 * The token is the WAL insert position after the commit (at or past the commit record's end) and the
 * primary's current timeline, taken from its WAL file name — never from pg_control_checkpoint(), which lags
 * a promotion until the next checkpoint.
 */
public final class CommitTokens {
    public static final String CAPTURE_SQL = "SELECT pg_current_wal_insert_lsn(), "
            + "('x' || substr(pg_walfile_name(pg_current_wal_insert_lsn()), 1, 8))::bit(32)::int";

    private CommitTokens() {
    }

    /** The token, or null when the query failed (the client then keeps its previous one). */
    static CommitToken parse(Expected.InternalResult result) {
        return result.failed() ? null : parse(result.rows());
    }

    /** The token in the rows of {@link #CAPTURE_SQL}, or null when there is none (the query failed). */
    public static CommitToken parse(List<List<String>> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        List<String> row = rows.get(0);
        try {
            return new CommitToken(Lsn.parse(row.get(0)), Integer.parseInt(row.get(1)));
        } catch (RuntimeException e) {
            return null;
        }
    }
}

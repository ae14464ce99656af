// CommitTokens: reads a commit position (read-your-writes, commit_lsn) on the server that just committed the client's write.
package dev.switchboard.proxy.txn;

import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.Lsn;
import java.util.List;

/**
 * The token is the WAL insert position after the commit (at or past the commit record's end) and the
 * primary's current timeline, taken from its WAL file name — never from pg_control_checkpoint(), which lags
 * a promotion until the next checkpoint. When the last record ended exactly at the end of a WAL page, the insert
 * position points past the next page's header, where no record has been written yet: a standby's replay position
 * stops at the page boundary until the next record comes, so the token is moved back over the header (24 bytes,
 * 40 at the start of a segment) — otherwise a standby that has the commit would never be shown to have it.
 */
public final class CommitTokens {
    public static final String CAPTURE_SQL = "SELECT lsn - CASE"
            + " WHEN (lsn - '0/0') % current_setting('wal_block_size')::numeric = 24 THEN 24"
            + " WHEN (lsn - '0/0') % pg_size_bytes(current_setting('wal_segment_size')) = 40 THEN 40 ELSE 0 END,"
            + " ('x' || substr(pg_walfile_name(lsn), 1, 8))::bit(32)::int FROM pg_current_wal_insert_lsn() AS lsn";

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

// ReplayCheck: whether a session's own server has replayed the position a SET switchboard.min_lsn names.
package dev.switchboard.proxy.session;

import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.proxy.extensions.Extension;
import dev.switchboard.proxy.extensions.ExtensionValues;
import dev.switchboard.proxy.extensions.MiddlewareStatement;
import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.Lsn;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.TopologySnapshot;
import java.time.Duration;

/**
 * A session stays on its server, so {@code SET switchboard.min_lsn} in session mode can only be kept when that
 * server has the position: a primary has every commit; a standby must be on the position's timeline and have
 * replayed it, for which it is given the database's {@code replay_wait}. What the client sends meanwhile waits
 * in the proxy, so that nothing of the client's comes between the checks and the answer to its SET.
 */
final class ReplayCheck {

    private ReplayCheck() {
    }

    /** The position a statement sets {@code min_lsn} to, or null when it is anything else (or sets no position). */
    static CommitToken positionSetBy(MiddlewareStatement statement) {
        if (statement == null || statement.kind() != MiddlewareStatement.Kind.SET || statement.local()
                || statement.value() == null || statement.value().isBlank()
                || Extension.ofSetting(statement.name()) != Extension.MIN_LSN) {
            return null;
        }
        try {
            return ExtensionValues.parsePosition(statement.value());
        } catch (IllegalArgumentException e) {
            return null; // the SET answers 22023 by itself
        }
    }

    /** A standby the topology shows on another timeline cannot have the position: no need to ask it. */
    static boolean otherTimeline(TopologySnapshot snapshot, String node, CommitToken position) {
        for (NodeView view : snapshot.nodes()) {
            if (view.node().equals(node)) {
                return view.standby() && view.timeline() != 0 && view.timeline() != position.timeline();
            }
        }
        return false;
    }

    /**
     * One row, {@code t} while the server is a standby that has not replayed the position. Asked again and again
     * by the proxy rather than waited for on the server: a query that stays would hold back the standby's replay
     * when it conflicts with the query's snapshot.
     */
    static String behindSql(CommitToken position) {
        return "SELECT pg_is_in_recovery() AND coalesce(pg_last_wal_replay_lsn(), '0/0') < '"
                + Lsn.format(position.lsn()) + "'::pg_lsn";
    }

    /** What the client hears when its server does not have the position; the setting is left as it was. */
    static ErrorResponse refusal(String server, CommitToken position, Duration wait) {
        String at = ExtensionValues.formatPosition(position);
        return ErrorResponse.error("55000", "server " + server + " has not replayed position " + at + " (waited "
                + wait.toMillis() + " ms); \"" + Extension.MIN_LSN.setting() + "\" is unchanged")
                .withHint("In session pool mode a session stays on its server: connect again with options=-c "
                        + Extension.MIN_LSN.setting() + "=" + at + " to start on one that has it.");
    }

    /** SET min_lsn inside a transaction block in session mode: the block's snapshot may predate the position. */
    static ErrorResponse inBlock() {
        return ErrorResponse.error("25001", "\"" + Extension.MIN_LSN.setting() + "\" cannot be set inside a"
                + " transaction block in session pool mode");
    }
}

// SessionWrites: whether a session-mode client's work since the last commit position read may have written.
package dev.switchboard.proxy.session;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.frontend.Bind;
import dev.switchboard.proxy.extensions.MiddlewareStatement;
import dev.switchboard.proxy.sql.ReadOnlyStatements;
import java.util.HashMap;
import java.util.Map;

/**
 * For {@code commit_lsn} in session mode: the proxy reads the commit position at the client's next quiet point
 * outside a transaction block when something that may have written ran since the last reading and nothing failed
 * or rolled back (a transaction that did not commit reports nothing). A statement is judged by its text, as in
 * transaction mode: anything but a recognised read may write. Extended-protocol statements are judged when
 * parsed, and remembered by name for the Binds that run them again. Confined to the client's event loop.
 */
final class SessionWrites {
    /** Named statements (and the unnamed one) by whether they only read. */
    private final Map<String, Boolean> reads = new HashMap<>();
    private boolean mayHaveWritten;
    private boolean failed;

    /** A simple Query (null when it arrived in pieces and could not be read whole). */
    void query(String sql) {
        if (sql == null || !isRead(sql)) {
            mayHaveWritten = true;
        }
    }

    /** A Parse of {@code statement}; null text when it arrived in pieces. */
    void parsed(String statement, String sql) {
        reads.put(statement, sql != null && isRead(sql));
    }

    /** A client message other than Query and Parse: a Bind runs what its Parse said, a FunctionCall anything. */
    void run(Frame frame) {
        if (frame.type() == FrontendType.FUNCTION_CALL) {
            mayHaveWritten = true;
        } else if (frame.type() == FrontendType.BIND && frame.isWhole()) {
            Bind bind = Bind.decode(frame.body());
            try {
                if (!Boolean.TRUE.equals(reads.get(bind.statement()))) {
                    mayHaveWritten = true;
                }
            } finally {
                bind.release();
            }
        }
    }

    /** A whole reply to the client's request: an error or a ROLLBACK means what ran did not commit. */
    void replied(Frame frame) {
        byte type = frame.type();
        if (type == BackendType.ERROR_RESPONSE || type == BackendType.COMMAND_COMPLETE
                && CommandComplete.decode(frame.body()).tag().equals("ROLLBACK")) {
            failed = true;
        }
    }

    /** At a quiet point outside a block: whether a commit position is due; starts counting anew. */
    boolean takeCommitted() {
        boolean committed = mayHaveWritten && !failed;
        mayHaveWritten = false;
        failed = false;
        return committed;
    }

    private static boolean isRead(String sql) {
        // A statement on a middleware setting never reaches a server: it writes nothing.
        return ReadOnlyStatements.isRead(sql) || MiddlewareStatement.parse(sql) != null;
    }
}

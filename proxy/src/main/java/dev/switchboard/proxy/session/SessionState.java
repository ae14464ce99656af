// SessionState: whether a session-mode client has put anything on its server that another server would lack.
package dev.switchboard.proxy.session;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.frontend.Parse;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.proxy.sql.SqlClassifier;

/**
 * Watches a session's requests for state that lives on the server: named prepared statements, settings
 * changed after startup, LISTEN, and whatever pins a transaction-mode client (temporary tables, advisory
 * locks, WITH HOLD cursors, SQL PREPARE …). A session without any of it can move to another server when
 * its own goes away. Judged conservatively: a text too large to be looked at counts as state.
 */
final class SessionState {
    private boolean any;

    /** Whether the session has state that would be lost with its server. */
    boolean any() {
        return any;
    }

    /** Looks at the first piece of a client message. */
    void note(Frame frame) {
        if (any) {
            return;
        }
        byte type = frame.type();
        if (type != FrontendType.QUERY && type != FrontendType.PARSE) {
            return;
        }
        if (!frame.isWhole()) {
            any = true;
            return;
        }
        if (type == FrontendType.QUERY) {
            any = !SqlClassifier.classify(Query.decode(frame.body()).sql()).isPlain();
        } else {
            Parse parse = Parse.decode(frame.body());
            any = !parse.statement().isEmpty() || !SqlClassifier.classify(parse.query()).isPlain();
        }
    }
}

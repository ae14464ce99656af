// SessionWritesTest: when a session-mode client's work may have committed a write (commit_lsn).
package dev.switchboard.proxy.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.frontend.Bind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionWritesTest {

    private static Frame frame(Encodable message) {
        ByteBuf out = Unpooled.buffer();
        message.encode(out);
        return Frame.wrap(out);
    }

    private static void run(SessionWrites writes, Encodable message) {
        Frame f = frame(message);
        try {
            writes.run(f);
        } finally {
            f.release();
        }
    }

    private static void replied(SessionWrites writes, Encodable message) {
        Frame f = frame(message);
        try {
            writes.replied(f);
        } finally {
            f.release();
        }
    }

    private static Encodable bind(String statement) {
        return out -> Bind.write(out, "", statement, new short[0], List.of(), new short[0]);
    }

    @Test
    void readsReportNothingWritesOnceEach() {
        SessionWrites writes = new SessionWrites();
        writes.query("SELECT 1");
        assertFalse(writes.takeCommitted());
        writes.query("INSERT INTO t VALUES (1)");
        replied(writes, new CommandComplete("INSERT 0 1"));
        assertTrue(writes.takeCommitted());
        assertFalse(writes.takeCommitted(), "counted anew after each reading");
        writes.query(null);
        assertTrue(writes.takeCommitted(), "a statement that could not be read may write");
    }

    @Test
    void bindsRunWhatTheirParseSaid() {
        SessionWrites writes = new SessionWrites();
        writes.parsed("S_1", "SELECT v FROM t WHERE id = $1");
        writes.parsed("S_2", "UPDATE t SET v = $1");
        run(writes, bind("S_1"));
        assertFalse(writes.takeCommitted());
        run(writes, bind("S_2"));
        assertTrue(writes.takeCommitted());
        run(writes, bind("S_unknown"));
        assertTrue(writes.takeCommitted(), "a statement the proxy never saw parsed may write");
    }

    @Test
    void anErrorOrARollbackMeansNothingCommitted() {
        SessionWrites writes = new SessionWrites();
        writes.query("BEGIN; INSERT INTO t VALUES (1); ROLLBACK");
        replied(writes, new CommandComplete("ROLLBACK"));
        assertFalse(writes.takeCommitted());
        writes.query("INSERT INTO t VALUES (1)");
        replied(writes, ErrorResponse.error("23505", "duplicate key"));
        assertFalse(writes.takeCommitted());
    }
}

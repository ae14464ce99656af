// Frames: wire bytes of typical server replies, built once per benchmark trial.
package dev.switchboard.bench.jmh;

import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.DataRow;
import dev.switchboard.protocol.backend.ReadyForQuery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/** Server reply streams as one direct buffer, the way they arrive from a socket read. */
final class Frames {

    private Frames() {
    }

    /** {@code rows} DataRows of three text columns (like pgbench_accounts), CommandComplete, ReadyForQuery. */
    static ByteBuf resultSet(int rows) {
        ByteBuf out = Unpooled.directBuffer();
        for (int i = 0; i < rows; i++) {
            DataRow.writeText(out, List.of(Integer.toString(i), "1", Integer.toString(i * 7 % 5000)));
        }
        new CommandComplete("SELECT " + rows).encode(out);
        new ReadyForQuery('I').encode(out);
        return out;
    }
}

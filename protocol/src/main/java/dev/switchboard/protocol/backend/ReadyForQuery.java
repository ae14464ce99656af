// ReadyForQuery: the server is ready for a new command, with its transaction status.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** ReadyForQuery with transaction status 'I' (idle), 'T' (in a transaction) or 'E' (failed transaction). */
public record ReadyForQuery(char status) implements BackendMessage {

    public static final ReadyForQuery IDLE = new ReadyForQuery('I');
    public static final ReadyForQuery IN_TRANSACTION = new ReadyForQuery('T');
    public static final ReadyForQuery FAILED = new ReadyForQuery('E');

    /** Rejects statuses other than I, T and E. */
    public ReadyForQuery {
        if (status != 'I' && status != 'T' && status != 'E') {
            throw ProtocolException.violation("invalid ReadyForQuery status 0x"
                    + Integer.toHexString(status));
        }
    }

    /** Reads the status byte; returns one of the constants. */
    public static ReadyForQuery decode(ByteBuf body) {
        char status = (char) (Wire.readByte(body, "ReadyForQuery") & 0xFF);
        Wire.expectEnd(body, "ReadyForQuery");
        return switch (status) {
            case 'I' -> IDLE;
            case 'T' -> IN_TRANSACTION;
            default -> status == 'E' ? FAILED : new ReadyForQuery(status);
        };
    }

    /** True outside any transaction block: the point where a transaction-mode server may be released. */
    public boolean isIdle() {
        return status == 'I';
    }

    @Override
    public byte type() {
        return BackendType.READY_FOR_QUERY;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(5).writeByte(status);
    }
}

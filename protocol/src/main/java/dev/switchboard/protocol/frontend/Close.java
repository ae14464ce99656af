// Close: close a prepared statement or portal.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** Close of a statement ('S') or portal ('P') by name ("" = unnamed). Replies: CloseComplete or ErrorResponse. */
public record Close(char kind, String name) implements FrontendMessage {

    public static final char STATEMENT = 'S';
    public static final char PORTAL = 'P';

    /** Rejects kinds other than S and P. */
    public Close {
        if (kind != STATEMENT && kind != PORTAL) {
            throw ProtocolException.violation("invalid Close message subtype " + (int) kind);
        }
    }

    /** Reads kind and name. */
    public static Close decode(ByteBuf body) {
        char kind = (char) (Wire.readByte(body, "Close") & 0xFF);
        String name = Wire.readCString(body, "Close");
        Wire.expectEnd(body, "Close");
        return new Close(kind, name);
    }

    /** True if a prepared statement is named (else a portal). */
    public boolean isStatement() {
        return kind == STATEMENT;
    }

    /** The same message naming another object (for per-backend renaming). */
    public Close withName(String newName) {
        return new Close(kind, newName);
    }

    @Override
    public byte type() {
        return FrontendType.CLOSE;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        out.writeByte(kind);
        Wire.writeCString(out, name);
        Wire.end(out, at);
    }
}

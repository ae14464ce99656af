// Describe: ask for the description of a statement or portal.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** Describe of a statement ('S') or portal ('P') by name ("" = unnamed). Replies: ParameterDescription and RowDescription/NoData (statement), RowDescription/NoData (portal), or ErrorResponse. */
public record Describe(char kind, String name) implements FrontendMessage {

    public static final char STATEMENT = 'S';
    public static final char PORTAL = 'P';

    /** Rejects kinds other than S and P. */
    public Describe {
        if (kind != STATEMENT && kind != PORTAL) {
            throw ProtocolException.violation("invalid Describe message subtype " + (int) kind);
        }
    }

    /** Reads kind and name. */
    public static Describe decode(ByteBuf body) {
        char kind = (char) (Wire.readByte(body, "Describe") & 0xFF);
        String name = Wire.readCString(body, "Describe");
        Wire.expectEnd(body, "Describe");
        return new Describe(kind, name);
    }

    /** True if a prepared statement is named (else a portal). */
    public boolean isStatement() {
        return kind == STATEMENT;
    }

    /** The same message naming another object (for per-backend renaming). */
    public Describe withName(String newName) {
        return new Describe(kind, newName);
    }

    @Override
    public byte type() {
        return FrontendType.DESCRIBE;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        out.writeByte(kind);
        Wire.writeCString(out, name);
        Wire.end(out, at);
    }
}

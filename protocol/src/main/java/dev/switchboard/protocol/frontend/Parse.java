// Parse: create a prepared statement (named, or the unnamed one) from a query string.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** Parse: statement name ("" = unnamed), query and parameter type OIDs (0 = unspecified). Replies: ParseComplete or ErrorResponse. */
public record Parse(String statement, String query, int[] paramTypes) implements FrontendMessage {

    /** Copies the types. */
    public Parse {
        paramTypes = paramTypes.clone();
    }

    /** Reads name, query and the Int16-counted OIDs. */
    public static Parse decode(ByteBuf body) {
        String statement = Wire.readCString(body, "Parse");
        String query = Wire.readCString(body, "Parse");
        int n = Wire.readShortCount(body, 4, "Parse");
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = body.readInt();
        }
        Wire.expectEnd(body, "Parse");
        return new Parse(statement, query, types);
    }

    /** The same Parse under another statement name (for per-backend renaming). */
    public Parse withStatement(String name) {
        return new Parse(name, query, paramTypes);
    }

    /** A copy of the types. */
    @Override
    public int[] paramTypes() {
        return paramTypes.clone();
    }

    @Override
    public byte type() {
        return FrontendType.PARSE;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        Wire.writeCString(out, statement);
        Wire.writeCString(out, query);
        out.writeShort(paramTypes.length);
        for (int t : paramTypes) {
            out.writeInt(t);
        }
        Wire.end(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parse p && p.statement.equals(statement) && p.query.equals(query)
                && Arrays.equals(p.paramTypes, paramTypes);
    }

    @Override
    public int hashCode() {
        return (statement.hashCode() * 31 + query.hashCode()) * 31 + Arrays.hashCode(paramTypes);
    }

    @Override
    public String toString() {
        return "Parse[statement=" + statement + ", query=" + query + ", paramTypes=" + Arrays.toString(paramTypes) + "]";
    }
}

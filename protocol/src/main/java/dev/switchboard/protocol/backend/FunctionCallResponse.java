// FunctionCallResponse: the result of a fast-path FunctionCall.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** FunctionCallResponse: the result value, or null for SQL NULL. */
public record FunctionCallResponse(byte[] value) implements BackendMessage {

    /** Copies the value. */
    public FunctionCallResponse {
        value = value == null ? null : value.clone();
    }

    /** Reads the Int32 length (-1 = NULL) and the value. */
    public static FunctionCallResponse decode(ByteBuf body) {
        int len = Wire.readInt(body, "FunctionCallResponse");
        if (len < -1) {
            throw ProtocolException.violation("invalid FunctionCallResponse message: length " + len);
        }
        byte[] value = len < 0 ? null : Wire.readBytes(body, len, "FunctionCallResponse");
        Wire.expectEnd(body, "FunctionCallResponse");
        return new FunctionCallResponse(value);
    }

    /** A copy of the value, or null. */
    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    @Override
    public byte type() {
        return BackendType.FUNCTION_CALL_RESPONSE;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length).writeBytes(value);
        }
        Wire.end(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionCallResponse r && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "FunctionCallResponse[" + (value == null ? "NULL" : value.length + " bytes") + "]";
    }
}

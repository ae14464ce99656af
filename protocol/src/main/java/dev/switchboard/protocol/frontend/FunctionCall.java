// FunctionCall: the fast-path interface calling a function by OID.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * FunctionCall: function OID, argument formats, arguments (null = SQL NULL), result format. Replies:
 * FunctionCallResponse or ErrorResponse, then ReadyForQuery.
 */
public record FunctionCall(int functionOid, short[] argumentFormats, List<byte[]> arguments, short resultFormat)
        implements FrontendMessage {

    /** Copies the arrays. */
    public FunctionCall {
        argumentFormats = argumentFormats.clone();
        List<byte[]> copy = new ArrayList<>(arguments.size());
        arguments.forEach(a -> copy.add(a == null ? null : a.clone()));
        arguments = Collections.unmodifiableList(copy);
    }

    /** Reads the whole body. */
    public static FunctionCall decode(ByteBuf body) {
        int oid = Wire.readInt(body, "FunctionCall");
        int nFormats = Wire.readShortCount(body, 2, "FunctionCall");
        short[] formats = new short[nFormats];
        for (int i = 0; i < nFormats; i++) {
            formats[i] = body.readShort();
        }
        int nArgs = Wire.readShortCount(body, 4, "FunctionCall");
        List<byte[]> args = new ArrayList<>(nArgs);
        for (int i = 0; i < nArgs; i++) {
            int len = Wire.readInt(body, "FunctionCall");
            if (len < -1) {
                throw ProtocolException.violation("invalid FunctionCall message: argument " + i + " length " + len);
            }
            args.add(len < 0 ? null : Wire.readBytes(body, len, "FunctionCall"));
        }
        short resultFormat = Wire.readShort(body, "FunctionCall");
        Wire.expectEnd(body, "FunctionCall");
        return new FunctionCall(oid, formats, args, resultFormat);
    }

    /** A copy of the formats. */
    @Override
    public short[] argumentFormats() {
        return argumentFormats.clone();
    }

    @Override
    public byte type() {
        return FrontendType.FUNCTION_CALL;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        out.writeInt(functionOid).writeShort(argumentFormats.length);
        for (short f : argumentFormats) {
            out.writeShort(f);
        }
        out.writeShort(arguments.size());
        for (byte[] a : arguments) {
            if (a == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(a.length).writeBytes(a);
            }
        }
        out.writeShort(resultFormat);
        Wire.end(out, at);
    }

    @Override
    public String toString() {
        return "FunctionCall[oid=" + functionOid + ", formats=" + Arrays.toString(argumentFormats) + ", "
                + arguments.size() + " arguments, resultFormat=" + resultFormat + "]";
    }
}

// SASLInitialResponse: the chosen SASL mechanism and the client's first message.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** SASLInitialResponse: mechanism and initial data (null when absent). Replies: AuthenticationSASLContinue/Final or ErrorResponse. */
public record SASLInitialResponse(String mechanism, byte[] data) implements FrontendMessage {

    /** Copies the data. */
    public SASLInitialResponse {
        data = data == null ? null : data.clone();
    }

    /** Reads a 'p' body known (from the authentication exchange) to be a SASLInitialResponse. */
    public static SASLInitialResponse decode(ByteBuf body) {
        String mechanism = Wire.readCString(body, "SASLInitialResponse");
        int len = Wire.readInt(body, "SASLInitialResponse");
        if (len < -1) {
            throw ProtocolException.violation("invalid SASLInitialResponse message: length " + len);
        }
        byte[] data = len < 0 ? null : Wire.readBytes(body, len, "SASLInitialResponse");
        Wire.expectEnd(body, "SASLInitialResponse");
        return new SASLInitialResponse(mechanism, data);
    }

    /** A copy of the data, or null. */
    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    @Override
    public byte type() {
        return FrontendType.SASL_INITIAL_RESPONSE;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        Wire.writeCString(out, mechanism);
        if (data == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(data.length).writeBytes(data);
        }
        Wire.end(out, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SASLInitialResponse r && r.mechanism.equals(mechanism) && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return mechanism.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SASLInitialResponse[" + mechanism + ", " + (data == null ? "no data" : data.length + " bytes") + "]";
    }
}

// SASLResponse: a further SASL message from the client (SCRAM client-final-message). Replies: AuthenticationSASLContinue/Final or ErrorResponse.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** SASLResponse: a further SASL message from the client (SCRAM client-final-message). Replies: AuthenticationSASLContinue/Final or ErrorResponse. */
public record SASLResponse(byte[] data) implements FrontendMessage {

    /** Copies the data. */
    public SASLResponse {
        data = data.clone();
    }

    /** Reads a 'p' body known (from the authentication exchange) to be a SASLResponse. */
    public static SASLResponse decode(ByteBuf body) {
        return new SASLResponse(Wire.readBytes(body, body.readableBytes(), "SASLResponse"));
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public byte type() {
        return FrontendType.SASL_RESPONSE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4 + data.length).writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SASLResponse r && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SASLResponse[" + data.length + " bytes]";
    }
}

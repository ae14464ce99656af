// GSSResponse: GSSAPI or SSPI data from the client. Replies: AuthenticationGSSContinue, AuthenticationOk or ErrorResponse.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** GSSResponse: GSSAPI or SSPI data from the client. Replies: AuthenticationGSSContinue, AuthenticationOk or ErrorResponse. */
public record GSSResponse(byte[] data) implements FrontendMessage {

    /** Copies the data. */
    public GSSResponse {
        data = data.clone();
    }

    /** Reads a 'p' body known (from the authentication exchange) to be a GSSResponse. */
    public static GSSResponse decode(ByteBuf body) {
        return new GSSResponse(Wire.readBytes(body, body.readableBytes(), "GSSResponse"));
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public byte type() {
        return FrontendType.GSS_RESPONSE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4 + data.length).writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GSSResponse r && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "GSSResponse[" + data.length + " bytes]";
    }
}

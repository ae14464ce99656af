// AuthenticationGSSContinue: GSSAPI or SSPI data for the client.
package dev.switchboard.protocol.backend;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** AuthenticationGSSContinue: GSSAPI or SSPI data for the client. */
public record AuthenticationGSSContinue(byte[] data) implements Authentication {

    /** Copies the data. */
    public AuthenticationGSSContinue {
        data = data.clone();
    }

    /** Reads a body that must be this request. */
    public static AuthenticationGSSContinue decode(ByteBuf body) {
        return Authentication.decode(body, AuthenticationGSSContinue.class);
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int code() {
        return GSS_CONTINUE;
    }

    @Override
    public void encode(ByteBuf out) {
        Authentication.encode(out, GSS_CONTINUE, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationGSSContinue other && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AuthenticationGSSContinue[" + data.length + " bytes]";
    }
}

// AuthenticationSASLContinue: a SASL challenge (SCRAM server-first-message).
package dev.switchboard.protocol.backend;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** AuthenticationSASLContinue: a SASL challenge (SCRAM server-first-message). */
public record AuthenticationSASLContinue(byte[] data) implements Authentication {

    /** Copies the data. */
    public AuthenticationSASLContinue {
        data = data.clone();
    }

    /** Reads a body that must be this request. */
    public static AuthenticationSASLContinue decode(ByteBuf body) {
        return Authentication.decode(body, AuthenticationSASLContinue.class);
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int code() {
        return SASL_CONTINUE;
    }

    @Override
    public void encode(ByteBuf out) {
        Authentication.encode(out, SASL_CONTINUE, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationSASLContinue other && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AuthenticationSASLContinue[" + data.length + " bytes]";
    }
}

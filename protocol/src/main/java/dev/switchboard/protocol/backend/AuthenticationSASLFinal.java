// AuthenticationSASLFinal: the SASL outcome (SCRAM server-final-message).
package dev.switchboard.protocol.backend;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** AuthenticationSASLFinal: the SASL outcome (SCRAM server-final-message). */
public record AuthenticationSASLFinal(byte[] data) implements Authentication {

    /** Copies the data. */
    public AuthenticationSASLFinal {
        data = data.clone();
    }

    /** Reads a body that must be this request. */
    public static AuthenticationSASLFinal decode(ByteBuf body) {
        return Authentication.decode(body, AuthenticationSASLFinal.class);
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int code() {
        return SASL_FINAL;
    }

    @Override
    public void encode(ByteBuf out) {
        Authentication.encode(out, SASL_FINAL, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationSASLFinal other && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AuthenticationSASLFinal[" + data.length + " bytes]";
    }
}

// AuthenticationOther: an authentication request code this codec does not model.
package dev.switchboard.protocol.backend;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** An Authentication message with an unmodelled code and its raw data. */
public record AuthenticationOther(int code, byte[] data) implements Authentication {

    /** Copies the data. */
    public AuthenticationOther {
        data = data.clone();
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        Authentication.encode(out, code, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationOther other && other.code == code && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AuthenticationOther[code=" + code + ", " + data.length + " bytes]";
    }
}

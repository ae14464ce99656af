// CancelRequest: a new connection asking to cancel the query running on another one.
package dev.switchboard.protocol.startup;

import dev.switchboard.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * CancelRequest naming the target backend by process id and secret key (4 bytes on 3.0, 4..256 on
 * 3.2); never answered.
 */
public record CancelRequest(int processId, byte[] secretKey) implements StartupPacket {

    /** The request code (1234 << 16 | 5678). */
    public static final int CODE = 80877102;
    public static final int MIN_KEY_LENGTH = 4;
    public static final int MAX_KEY_LENGTH = 256;

    /** Rejects key lengths outside 4..256. */
    public CancelRequest {
        checkKeyLength(secretKey.length);
        secretKey = secretKey.clone();
    }

    /** Throws a ProtocolException (08P01) unless {@code n} is a valid key length. */
    static void checkKeyLength(int n) {
        if (n < MIN_KEY_LENGTH || n > MAX_KEY_LENGTH) {
            throw ProtocolException.violation("invalid length of cancel request: secret key of " + n
                    + " bytes (must be " + MIN_KEY_LENGTH + " to " + MAX_KEY_LENGTH + ")");
        }
    }

    /** A copy of the key. */
    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** True if {@code key} equals this request's key (constant time). */
    public boolean keyMatches(byte[] key) {
        return java.security.MessageDigest.isEqual(secretKey, key);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(12 + secretKey.length).writeInt(CODE).writeInt(processId).writeBytes(secretKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CancelRequest c && c.processId == processId && Arrays.equals(c.secretKey, secretKey);
    }

    @Override
    public int hashCode() {
        return 31 * processId + Arrays.hashCode(secretKey);
    }

    @Override
    public String toString() {
        return "CancelRequest[processId=" + processId + ", key=" + secretKey.length + " bytes]";
    }
}

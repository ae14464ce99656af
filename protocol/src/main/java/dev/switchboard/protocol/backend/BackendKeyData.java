// BackendKeyData: the process id and secret key a client needs to cancel its queries.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** BackendKeyData: cancellation key; 4 bytes on protocol 3.0, 4..256 on 3.2. */
public record BackendKeyData(int processId, byte[] secretKey) implements BackendMessage {

    /** Rejects key lengths outside 4..256. */
    public BackendKeyData {
        if (secretKey.length < 4 || secretKey.length > 256) {
            throw ProtocolException.violation("invalid BackendKeyData message: secret key of "
                    + secretKey.length + " bytes (must be 4 to 256)");
        }
        secretKey = secretKey.clone();
    }

    /** Reads process id and key (the rest of the body). */
    public static BackendKeyData decode(ByteBuf body) {
        int pid = Wire.readInt(body, "BackendKeyData");
        return new BackendKeyData(pid, Wire.readBytes(body, body.readableBytes(), "BackendKeyData"));
    }

    /** A copy of the key. */
    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    @Override
    public byte type() {
        return BackendType.BACKEND_KEY_DATA;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(8 + secretKey.length).writeInt(processId).writeBytes(secretKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackendKeyData k && k.processId == processId && Arrays.equals(k.secretKey, secretKey);
    }

    @Override
    public int hashCode() {
        return 31 * processId + Arrays.hashCode(secretKey);
    }

    @Override
    public String toString() {
        return "BackendKeyData[processId=" + processId + ", key=" + secretKey.length + " bytes]";
    }
}

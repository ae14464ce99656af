// ParameterDescription: the parameter type OIDs of a described statement.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** ParameterDescription: one type OID per statement parameter. */
public record ParameterDescription(int[] oids) implements BackendMessage {

    /** Copies the array. */
    public ParameterDescription {
        oids = oids.clone();
    }

    /** Reads the Int16 count and the OIDs. */
    public static ParameterDescription decode(ByteBuf body) {
        int n = Wire.readShortCount(body, 4, "ParameterDescription");
        int[] oids = new int[n];
        for (int i = 0; i < n; i++) {
            oids[i] = body.readInt();
        }
        Wire.expectEnd(body, "ParameterDescription");
        return new ParameterDescription(oids);
    }

    /** A copy of the OIDs. */
    @Override
    public int[] oids() {
        return oids.clone();
    }

    @Override
    public byte type() {
        return BackendType.PARAMETER_DESCRIPTION;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(6 + 4 * oids.length).writeShort(oids.length);
        for (int oid : oids) {
            out.writeInt(oid);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterDescription p && Arrays.equals(p.oids, oids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(oids);
    }

    @Override
    public String toString() {
        return "ParameterDescription" + Arrays.toString(oids);
    }
}

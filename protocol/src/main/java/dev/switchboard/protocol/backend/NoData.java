// NoData: Describe of something that returns no rows.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** NoData: the described statement or portal returns no rows. */
public record NoData() implements BackendMessage {

    public static final NoData INSTANCE = new NoData();

    /** Checks that the body is empty. */
    public static NoData decode(ByteBuf body) {
        Wire.expectEnd(body, "NoData");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return BackendType.NO_DATA;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

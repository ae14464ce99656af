// PortalSuspended: an Execute stopped at its row limit.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** PortalSuspended: Execute reached its row limit before the portal was done. */
public record PortalSuspended() implements BackendMessage {

    public static final PortalSuspended INSTANCE = new PortalSuspended();

    /** Checks that the body is empty. */
    public static PortalSuspended decode(ByteBuf body) {
        Wire.expectEnd(body, "PortalSuspended");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return BackendType.PORTAL_SUSPENDED;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

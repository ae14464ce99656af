// Execute: run a bound portal.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * Execute a portal ("" = unnamed) returning at most {@code maxRows} rows (0 = all). Replies: DataRow*,
 * then CommandComplete, PortalSuspended, EmptyQueryResponse or ErrorResponse.
 */
public record Execute(String portal, int maxRows) implements FrontendMessage {

    /** Reads portal and row limit. */
    public static Execute decode(ByteBuf body) {
        String portal = Wire.readCString(body, "Execute");
        int maxRows = Wire.readInt(body, "Execute");
        Wire.expectEnd(body, "Execute");
        return new Execute(portal, maxRows);
    }

    @Override
    public byte type() {
        return FrontendType.EXECUTE;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        Wire.writeCString(out, portal);
        out.writeInt(maxRows);
        Wire.end(out, at);
    }
}

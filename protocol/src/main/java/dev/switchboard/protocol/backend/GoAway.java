// GoAway: the server asks the client to disconnect when convenient (sent only to clients that negotiated it).
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** GoAway: advisory, no body; only for a client that negotiated {@code _pq_.switchboard.goaway}. */
public record GoAway() implements BackendMessage {

    public static final GoAway INSTANCE = new GoAway();

    /** Checks that the body is empty. */
    public static GoAway decode(ByteBuf body) {
        Wire.expectEnd(body, "GoAway");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return BackendType.GO_AWAY;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

// CloseComplete: the reply to a Close.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** CloseComplete: a Close succeeded. */
public record CloseComplete() implements BackendMessage {

    public static final CloseComplete INSTANCE = new CloseComplete();

    /** Checks that the body is empty. */
    public static CloseComplete decode(ByteBuf body) {
        Wire.expectEnd(body, "CloseComplete");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return BackendType.CLOSE_COMPLETE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

// BindComplete: the reply to a successful Bind.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** BindComplete: a Bind succeeded. */
public record BindComplete() implements BackendMessage {

    public static final BindComplete INSTANCE = new BindComplete();

    /** Checks that the body is empty. */
    public static BindComplete decode(ByteBuf body) {
        Wire.expectEnd(body, "BindComplete");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return BackendType.BIND_COMPLETE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

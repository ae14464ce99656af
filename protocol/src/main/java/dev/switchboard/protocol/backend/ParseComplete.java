// ParseComplete: the reply to a successful Parse.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** ParseComplete: a Parse succeeded. */
public record ParseComplete() implements BackendMessage {

    public static final ParseComplete INSTANCE = new ParseComplete();

    /** Checks that the body is empty. */
    public static ParseComplete decode(ByteBuf body) {
        Wire.expectEnd(body, "ParseComplete");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return BackendType.PARSE_COMPLETE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

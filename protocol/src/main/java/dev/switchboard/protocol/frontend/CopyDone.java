// CopyDone: the client finished a COPY IN stream.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** CopyDone: the client's COPY data is complete; replies: CommandComplete or ErrorResponse. */
public record CopyDone() implements FrontendMessage {

    public static final CopyDone INSTANCE = new CopyDone();

    /** Checks that the body is empty. */
    public static CopyDone decode(ByteBuf body) {
        Wire.expectEnd(body, "CopyDone");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return FrontendType.COPY_DONE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

// CopyDone: the server finished a COPY OUT stream.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** CopyDone: the server's COPY data is complete. */
public record CopyDone() implements BackendMessage {

    public static final CopyDone INSTANCE = new CopyDone();

    /** Checks that the body is empty. */
    public static CopyDone decode(ByteBuf body) {
        Wire.expectEnd(body, "CopyDone");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return BackendType.COPY_DONE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

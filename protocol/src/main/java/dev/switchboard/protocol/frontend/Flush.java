// Flush: asks for pending output.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** Flush: asks the server to send pending output; no reply of its own. */
public record Flush() implements FrontendMessage {

    public static final Flush INSTANCE = new Flush();

    /** Checks that the body is empty. */
    public static Flush decode(ByteBuf body) {
        Wire.expectEnd(body, "Flush");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return FrontendType.FLUSH;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

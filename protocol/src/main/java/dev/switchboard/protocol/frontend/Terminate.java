// Terminate: the client is closing the connection.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** Terminate: the client closes the session; no reply. */
public record Terminate() implements FrontendMessage {

    public static final Terminate INSTANCE = new Terminate();

    /** Checks that the body is empty. */
    public static Terminate decode(ByteBuf body) {
        Wire.expectEnd(body, "Terminate");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return FrontendType.TERMINATE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

// Sync: ends an extended-query batch.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** Sync: closes the implicit transaction or error state; replies: ReadyForQuery. */
public record Sync() implements FrontendMessage {

    public static final Sync INSTANCE = new Sync();

    /** Checks that the body is empty. */
    public static Sync decode(ByteBuf body) {
        Wire.expectEnd(body, "Sync");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return FrontendType.SYNC;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

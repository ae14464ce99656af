// CopyFail: the client aborts a COPY IN.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** CopyFail with the reason. Replies: ErrorResponse. */
public record CopyFail(String message) implements FrontendMessage {

    /** Reads the reason. */
    public static CopyFail decode(ByteBuf body) {
        String message = Wire.readCString(body, "CopyFail");
        Wire.expectEnd(body, "CopyFail");
        return new CopyFail(message);
    }

    @Override
    public byte type() {
        return FrontendType.COPY_FAIL;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        Wire.writeCString(out, message);
        Wire.end(out, at);
    }
}

// CopyData sent by the client: one chunk of a COPY IN or COPY BOTH stream, kept as raw bytes.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.PayloadMessage;
import io.netty.buffer.ByteBuf;

/** CopyData from the client; the body is the data. Reference counted; no reply of its own. */
public final class CopyData extends PayloadMessage implements FrontendMessage {

    /** Takes ownership of {@code data}. */
    public CopyData(ByteBuf data) {
        super(data);
    }

    /** A CopyData holding a retained slice of {@code body}. */
    public static CopyData decode(ByteBuf body) {
        return new CopyData(body.retainedSlice());
    }

    @Override
    public byte type() {
        return FrontendType.COPY_DATA;
    }

    @Override
    public CopyData replace(ByteBuf content) {
        return new CopyData(content);
    }
}

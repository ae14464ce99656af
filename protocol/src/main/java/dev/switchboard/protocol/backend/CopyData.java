// CopyData sent by the server: one chunk of a COPY OUT or COPY BOTH stream, kept as raw bytes.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.PayloadMessage;
import io.netty.buffer.ByteBuf;

/** CopyData from the server; the body is the data. Reference counted. */
public final class CopyData extends PayloadMessage implements BackendMessage {

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
        return BackendType.COPY_DATA;
    }

    @Override
    public CopyData replace(ByteBuf content) {
        return new CopyData(content);
    }
}

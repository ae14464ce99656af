// CopyInResponse: the server is ready to receive COPY data from the client.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** CopyInResponse: the server is ready to receive COPY data from the client. Format 0 is text, 1 binary. */
public record CopyInResponse(int format, short[] columnFormats) implements BackendMessage {

    /** Copies the formats. */
    public CopyInResponse {
        columnFormats = columnFormats.clone();
    }

    /** Reads the overall format and column formats. */
    public static CopyInResponse decode(ByteBuf body) {
        int format = CopyFormats.readFormat(body, "CopyInResponse");
        return new CopyInResponse(format, CopyFormats.readColumns(body, "CopyInResponse"));
    }

    /** A copy of the column formats. */
    @Override
    public short[] columnFormats() {
        return columnFormats.clone();
    }

    @Override
    public byte type() {
        return BackendType.COPY_IN_RESPONSE;
    }

    @Override
    public void encode(ByteBuf out) {
        CopyFormats.encode(out, type(), format, columnFormats);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyInResponse r && r.format == format && Arrays.equals(r.columnFormats, columnFormats);
    }

    @Override
    public int hashCode() {
        return 31 * format + Arrays.hashCode(columnFormats);
    }

    @Override
    public String toString() {
        return "CopyInResponse[format=" + format + ", columns=" + Arrays.toString(columnFormats) + "]";
    }
}

// CopyOutResponse: the server is about to send COPY data.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** CopyOutResponse: the server is about to send COPY data. Format 0 is text, 1 binary. */
public record CopyOutResponse(int format, short[] columnFormats) implements BackendMessage {

    /** Copies the formats. */
    public CopyOutResponse {
        columnFormats = columnFormats.clone();
    }

    /** Reads the overall format and column formats. */
    public static CopyOutResponse decode(ByteBuf body) {
        int format = CopyFormats.readFormat(body, "CopyOutResponse");
        return new CopyOutResponse(format, CopyFormats.readColumns(body, "CopyOutResponse"));
    }

    /** A copy of the column formats. */
    @Override
    public short[] columnFormats() {
        return columnFormats.clone();
    }

    @Override
    public byte type() {
        return BackendType.COPY_OUT_RESPONSE;
    }

    @Override
    public void encode(ByteBuf out) {
        CopyFormats.encode(out, type(), format, columnFormats);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyOutResponse r && r.format == format && Arrays.equals(r.columnFormats, columnFormats);
    }

    @Override
    public int hashCode() {
        return 31 * format + Arrays.hashCode(columnFormats);
    }

    @Override
    public String toString() {
        return "CopyOutResponse[format=" + format + ", columns=" + Arrays.toString(columnFormats) + "]";
    }
}

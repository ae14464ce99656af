// CopyBothResponse: COPY data flows both ways (replication).
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** CopyBothResponse: COPY data flows both ways (replication). Format 0 is text, 1 binary. */
public record CopyBothResponse(int format, short[] columnFormats) implements BackendMessage {

    /** Copies the formats. */
    public CopyBothResponse {
        columnFormats = columnFormats.clone();
    }

    /** Reads the overall format and column formats. */
    public static CopyBothResponse decode(ByteBuf body) {
        int format = CopyFormats.readFormat(body, "CopyBothResponse");
        return new CopyBothResponse(format, CopyFormats.readColumns(body, "CopyBothResponse"));
    }

    /** A copy of the column formats. */
    @Override
    public short[] columnFormats() {
        return columnFormats.clone();
    }

    @Override
    public byte type() {
        return BackendType.COPY_BOTH_RESPONSE;
    }

    @Override
    public void encode(ByteBuf out) {
        CopyFormats.encode(out, type(), format, columnFormats);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyBothResponse r && r.format == format && Arrays.equals(r.columnFormats, columnFormats);
    }

    @Override
    public int hashCode() {
        return 31 * format + Arrays.hashCode(columnFormats);
    }

    @Override
    public String toString() {
        return "CopyBothResponse[format=" + format + ", columns=" + Arrays.toString(columnFormats) + "]";
    }
}

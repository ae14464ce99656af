// DataRow: one result row, kept as its raw body and parsed only when a column is asked for.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.PayloadMessage;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** DataRow: Int16 column count, then per column Int32 length (-1 = NULL) and bytes. Reference counted. */
public final class DataRow extends PayloadMessage implements BackendMessage {

    /** Takes ownership of {@code body}. */
    public DataRow(ByteBuf body) {
        super(body);
    }

    /** Validates the layout and returns a row holding a retained slice of {@code body}. */
    public static DataRow decode(ByteBuf body) {
        ByteBuf b = body.duplicate();
        int n = Wire.readShortCount(b, 4, "DataRow");
        for (int i = 0; i < n; i++) {
            int len = Wire.readInt(b, "DataRow");
            if (len < -1) {
                throw ProtocolException.violation("invalid DataRow message: column " + i + " length " + len);
            }
            if (len > 0) {
                Wire.need(b, len, "DataRow");
                b.skipBytes(len);
            }
        }
        Wire.expectEnd(b, "DataRow");
        return new DataRow(body.retainedSlice());
    }

    /** Writes a whole DataRow of text values (null = NULL) to {@code out}. */
    public static void writeText(ByteBuf out, List<String> values) {
        int at = Wire.begin(out, BackendType.DATA_ROW);
        out.writeShort(values.size());
        for (String v : values) {
            if (v == null) {
                out.writeInt(-1);
            } else {
                int lenAt = out.writerIndex();
                out.writeInt(0);
                int written = ByteBufUtil.writeUtf8(out, v);
                out.setInt(lenAt, written);
            }
        }
        Wire.end(out, at);
    }

    /** The number of columns. */
    public int columnCount() {
        ByteBuf b = content();
        return b.getUnsignedShort(b.readerIndex());
    }

    /** Column {@code i} as a slice of the body (not retained), or null for NULL. */
    public ByteBuf value(int i) {
        ByteBuf b = content();
        int n = columnCount();
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("column " + i + " of " + n);
        }
        int at = b.readerIndex() + 2;
        for (int c = 0; ; c++) {
            int len = b.getInt(at);
            at += 4;
            if (c == i) {
                return len < 0 ? null : b.slice(at, len);
            }
            at += Math.max(len, 0);
        }
    }

    /** Column {@code i} decoded as UTF-8 text, or null for NULL. */
    public String text(int i) {
        ByteBuf v = value(i);
        return v == null ? null : v.toString(StandardCharsets.UTF_8);
    }

    /** Every column decoded as UTF-8 text (null for NULL), as the result of an internal query is read. */
    public java.util.List<String> texts() {
        int columns = columnCount();
        java.util.List<String> values = new java.util.ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            values.add(text(i));
        }
        return java.util.Collections.unmodifiableList(values);
    }

    @Override
    public byte type() {
        return BackendType.DATA_ROW;
    }

    @Override
    public DataRow replace(ByteBuf content) {
        return new DataRow(content);
    }
}

// RowDescription: the columns of the rows that follow.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** RowDescription: one {@link Field} per result column. */
public record RowDescription(List<Field> fields) implements BackendMessage {

    /** One column: name, source table and column (0 if none), type, size, modifier, format code. */
    public record Field(String name, int tableOid, short columnNumber, int typeOid, short typeSize,
                        int typeModifier, short format) {

        /** A text-format column not taken from a table. */
        public static Field text(String name, int typeOid) {
            return new Field(name, 0, (short) 0, typeOid, (short) -1, -1, (short) 0);
        }
    }

    /** Copies the list. */
    public RowDescription {
        fields = List.copyOf(fields);
    }

    /** Reads the Int16 count and the fields. */
    public static RowDescription decode(ByteBuf body) {
        int n = Wire.readShortCount(body, 19, "RowDescription");
        List<Field> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = Wire.readCString(body, "RowDescription");
            Wire.need(body, 18, "RowDescription");
            fields.add(new Field(name, body.readInt(), body.readShort(), body.readInt(), body.readShort(),
                    body.readInt(), body.readShort()));
        }
        Wire.expectEnd(body, "RowDescription");
        return new RowDescription(fields);
    }

    @Override
    public byte type() {
        return BackendType.ROW_DESCRIPTION;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        out.writeShort(fields.size());
        for (Field f : fields) {
            Wire.writeCString(out, f.name());
            out.writeInt(f.tableOid()).writeShort(f.columnNumber()).writeInt(f.typeOid())
                    .writeShort(f.typeSize()).writeInt(f.typeModifier()).writeShort(f.format());
        }
        Wire.end(out, at);
    }
}

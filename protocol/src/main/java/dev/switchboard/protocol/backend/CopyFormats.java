// The body shared by CopyInResponse, CopyOutResponse and CopyBothResponse.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** Overall format (0 text, 1 binary) and per-column format codes: Int8, Int16 n, Int16[n]. */
final class CopyFormats {

    private CopyFormats() {
    }

    static int readFormat(ByteBuf body, String what) {
        return Wire.readByte(body, what) & 0xFF;
    }

    static short[] readColumns(ByteBuf body, String what) {
        int n = Wire.readShortCount(body, 2, what);
        short[] formats = new short[n];
        for (int i = 0; i < n; i++) {
            formats[i] = body.readShort();
        }
        Wire.expectEnd(body, what);
        return formats;
    }

    static void encode(ByteBuf out, byte type, int format, short[] columnFormats) {
        out.writeByte(type).writeInt(7 + 2 * columnFormats.length).writeByte(format)
                .writeShort(columnFormats.length);
        for (short f : columnFormats) {
            out.writeShort(f);
        }
    }
}

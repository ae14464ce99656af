// Primitive reads and writes of the v3 wire format shared by every message codec.
package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked primitive reads (a short body is a {@link ProtocolException}, not an
 * IndexOutOfBoundsException) and the write-length-as-zero-then-patch idiom.
 */
public final class Wire {

    private Wire() {
    }

    /** Writes the type byte and a placeholder length; returns the index to pass to {@link #end}. */
    public static int begin(ByteBuf out, byte type) {
        out.writeByte(type);
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        return lengthIndex;
    }

    /** Patches the length written by {@link #begin}: it counts itself and the body. */
    public static void end(ByteBuf out, int lengthIndex) {
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex);
    }

    /** Reads a NUL-terminated UTF-8 string. */
    public static String readCString(ByteBuf in, String what) {
        int len = in.bytesBefore((byte) 0);
        if (len < 0) {
            throw ProtocolException.violation("invalid " + what + " message: string is not NUL-terminated");
        }
        String s = in.toString(in.readerIndex(), len, StandardCharsets.UTF_8);
        in.skipBytes(len + 1);
        return s;
    }

    /** Writes {@code s} as UTF-8 followed by NUL; a NUL inside {@code s} cannot be represented. */
    public static void writeCString(ByteBuf out, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("string contains a NUL character: " + s.replace('\0', '?'));
        }
        ByteBufUtil.writeUtf8(out, s);
        out.writeByte(0);
    }

    /** Reads one byte. */
    public static byte readByte(ByteBuf in, String what) {
        need(in, 1, what);
        return in.readByte();
    }

    /** Reads an Int16. */
    public static short readShort(ByteBuf in, String what) {
        need(in, 2, what);
        return in.readShort();
    }

    /** Reads an Int32. */
    public static int readInt(ByteBuf in, String what) {
        need(in, 4, what);
        return in.readInt();
    }

    /** Reads {@code n} bytes into a new array. */
    public static byte[] readBytes(ByteBuf in, int n, String what) {
        need(in, n, what);
        byte[] b = new byte[n];
        in.readBytes(b);
        return b;
    }

    /** Reads an Int32 count, rejecting negatives and counts that cannot fit the remaining body. */
    public static int readCount(ByteBuf in, int minBytesEach, String what) {
        int n = readInt(in, what);
        checkCount(in, n, minBytesEach, what);
        return n;
    }

    /** Reads an Int16 count (unsigned, as the server treats it), bounded by the remaining body. */
    public static int readShortCount(ByteBuf in, int minBytesEach, String what) {
        int n = readShort(in, what) & 0xFFFF;
        checkCount(in, n, minBytesEach, what);
        return n;
    }

    private static void checkCount(ByteBuf in, int n, int minBytesEach, String what) {
        if (n < 0 || (long) n * minBytesEach > in.readableBytes()) {
            throw ProtocolException.violation("invalid " + what + " message: count " + n
                    + " does not fit the remaining " + in.readableBytes() + " bytes");
        }
    }

    /** Fails unless {@code n} more bytes are readable. */
    public static void need(ByteBuf in, int n, String what) {
        if (n < 0 || in.readableBytes() < n) {
            throw ProtocolException.violation("invalid " + what + " message: truncated (needed " + n
                    + " more bytes, " + in.readableBytes() + " left)");
        }
    }

    /** Fails if bytes are left over after a message was parsed, as the server does. */
    public static void expectEnd(ByteBuf in, String what) {
        if (in.isReadable()) {
            throw ProtocolException.violation("invalid " + what + " message: " + in.readableBytes()
                    + " unexpected trailing bytes");
        }
    }
}

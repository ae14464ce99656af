// StateCodec: the strings, maps and statement lists handoff records are made of.
package dev.switchboard.proxy.handoff;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A string is an Int32 byte length and UTF-8 bytes; a map an Int32 count and pairs of strings; a statement list an
 * Int32 count and, per statement, its name, query, Int16 parameter count with Int32 type OIDs, and Byte1 1 with a
 * search_path or 0. Reading refuses (with {@link HandoffException}) what claims more than any real state has.
 */
final class StateCodec {
    /** Longest string accepted: a prepared statement's text may be long. */
    private static final int MAX_STRING = 16 * 1024 * 1024;
    private static final int MAX_ENTRIES = 4096;
    private static final int MAX_STATEMENTS = 1_000_000;

    private StateCodec() {
    }

    static void writeString(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }

    static String readString(ByteBuf in) {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING || length > in.readableBytes()) {
            throw new HandoffException("a string of " + length + " bytes");
        }
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    static void writeMap(ByteBuf out, Map<String, String> map) {
        out.writeInt(map.size());
        map.forEach((name, value) -> {
            writeString(out, name);
            writeString(out, value);
        });
    }

    static LinkedHashMap<String, String> readMap(ByteBuf in) {
        int size = in.readInt();
        if (size < 0 || size > MAX_ENTRIES) {
            throw new HandoffException("a map of " + size + " entries");
        }
        LinkedHashMap<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    static void writeStatements(ByteBuf out, List<MovedClient.Statement> statements) {
        out.writeInt(statements.size());
        for (MovedClient.Statement statement : statements) {
            writeString(out, statement.name());
            writeString(out, statement.query());
            out.writeShort(statement.parameterTypes().length);
            for (int type : statement.parameterTypes()) {
                out.writeInt(type);
            }
            out.writeBoolean(statement.searchPath() != null);
            if (statement.searchPath() != null) {
                writeString(out, statement.searchPath());
            }
        }
    }

    static List<MovedClient.Statement> readStatements(ByteBuf in) {
        int count = in.readInt();
        if (count < 0 || count > MAX_STATEMENTS) {
            throw new HandoffException(count + " prepared statements");
        }
        List<MovedClient.Statement> statements = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            String name = readString(in);
            String query = readString(in);
            int[] types = new int[in.readUnsignedShort()];
            for (int t = 0; t < types.length; t++) {
                types[t] = in.readInt();
            }
            String searchPath = in.readBoolean() ? readString(in) : null;
            if (name.isEmpty()) {
                throw new HandoffException("a prepared statement without a name");
            }
            statements.add(new MovedClient.Statement(name, query, types, searchPath));
        }
        return statements;
    }

    static byte[] readKey(ByteBuf in, String what) {
        int length = in.readUnsignedShort();
        if (length > 256) {
            throw new HandoffException("a " + what + " of " + length + " bytes");
        }
        byte[] key = new byte[length];
        in.readBytes(key);
        return key;
    }

    /** The whole record was read: bytes left over mean it is not what it claims to be. */
    static void expectEnd(ByteBuf in, String what) {
        if (in.isReadable()) {
            throw new HandoffException(in.readableBytes() + " bytes after " + what);
        }
    }
}

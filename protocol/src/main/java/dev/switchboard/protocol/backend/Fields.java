// The field-code body shared by ErrorResponse and NoticeResponse.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Field codes of ErrorResponse/NoticeResponse and their wire form: (Byte1 code, String value)* Byte1 0. */
public final class Fields {

    public static final char SEVERITY = 'S';
    /** Severity, never localized (PostgreSQL 9.6+). */
    public static final char SEVERITY_NONLOCALIZED = 'V';
    public static final char CODE = 'C';
    public static final char MESSAGE = 'M';
    public static final char DETAIL = 'D';
    public static final char HINT = 'H';
    public static final char POSITION = 'P';
    public static final char INTERNAL_POSITION = 'p';
    public static final char INTERNAL_QUERY = 'q';
    public static final char WHERE = 'W';
    public static final char SCHEMA_NAME = 's';
    public static final char TABLE_NAME = 't';
    public static final char COLUMN_NAME = 'c';
    public static final char DATA_TYPE_NAME = 'd';
    public static final char CONSTRAINT_NAME = 'n';
    public static final char FILE = 'F';
    public static final char LINE = 'L';
    public static final char ROUTINE = 'R';

    private Fields() {
    }

    /** Severity, SQLSTATE and message in the server's order (S, V, C, M). */
    static Map<Character, String> of(String severity, String sqlState, String message) {
        Map<Character, String> m = new LinkedHashMap<>();
        m.put(SEVERITY, severity);
        m.put(SEVERITY_NONLOCALIZED, severity);
        m.put(CODE, sqlState);
        m.put(MESSAGE, message);
        return m;
    }

    /** An unmodifiable insertion-ordered copy. */
    static Map<Character, String> copy(Map<Character, String> fields) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A copy of {@code fields} with {@code code} set (replaced in place, or appended). */
    static Map<Character, String> with(Map<Character, String> fields, char code, String value) {
        Map<Character, String> m = new LinkedHashMap<>(fields);
        m.put(code, value);
        return m;
    }

    /** Reads fields up to the terminating zero byte; unknown codes are kept, as the docs require. */
    static Map<Character, String> decode(ByteBuf body, String what) {
        Map<Character, String> m = new LinkedHashMap<>();
        for (;;) {
            byte code = Wire.readByte(body, what);
            if (code == 0) {
                Wire.expectEnd(body, what);
                return m;
            }
            m.put((char) (code & 0xFF), Wire.readCString(body, what));
        }
    }

    /** Writes a whole message of {@code type} with {@code fields}. */
    static void encode(ByteBuf out, byte type, Map<Character, String> fields) {
        int at = Wire.begin(out, type);
        fields.forEach((code, value) -> {
            if (code == 0 || code > 0xFF) {
                throw new IllegalArgumentException("invalid field code " + (int) code);
            }
            out.writeByte(code);
            Wire.writeCString(out, value);
        });
        out.writeByte(0);
        Wire.end(out, at);
    }
}

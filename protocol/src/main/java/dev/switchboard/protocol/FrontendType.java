// Type bytes of frontend (client to server) messages, named as in the PostgreSQL docs.
package dev.switchboard.protocol;

/** Frontend message type bytes; {@link #name(byte)} maps a byte to its documented name. */
public final class FrontendType {

    public static final byte BIND = 'B';
    public static final byte CLOSE = 'C';
    public static final byte COPY_DATA = 'd';
    public static final byte COPY_DONE = 'c';
    public static final byte COPY_FAIL = 'f';
    public static final byte DESCRIBE = 'D';
    public static final byte EXECUTE = 'E';
    public static final byte FLUSH = 'H';
    public static final byte FUNCTION_CALL = 'F';
    public static final byte PARSE = 'P';
    public static final byte QUERY = 'Q';
    public static final byte SYNC = 'S';
    public static final byte TERMINATE = 'X';
    /** PasswordMessage; also GSSResponse, SASLInitialResponse and SASLResponse (told apart by context). */
    public static final byte PASSWORD_MESSAGE = 'p';
    public static final byte GSS_RESPONSE = 'p';
    public static final byte SASL_INITIAL_RESPONSE = 'p';
    public static final byte SASL_RESPONSE = 'p';

    private static final String[] NAMES = new String[256];

    static {
        NAMES[BIND] = "Bind";
        NAMES[CLOSE] = "Close";
        NAMES[COPY_DATA] = "CopyData";
        NAMES[COPY_DONE] = "CopyDone";
        NAMES[COPY_FAIL] = "CopyFail";
        NAMES[DESCRIBE] = "Describe";
        NAMES[EXECUTE] = "Execute";
        NAMES[FLUSH] = "Flush";
        NAMES[FUNCTION_CALL] = "FunctionCall";
        NAMES[PARSE] = "Parse";
        NAMES[QUERY] = "Query";
        NAMES[SYNC] = "Sync";
        NAMES[TERMINATE] = "Terminate";
        NAMES[PASSWORD_MESSAGE] = "PasswordMessage";
    }

    private FrontendType() {
    }

    /** True if {@code type} is a documented frontend message type. */
    public static boolean isKnown(byte type) {
        return NAMES[type & 0xFF] != null;
    }

    /** The documented name of {@code type} ('p' reads as PasswordMessage), or {@code Unknown(0x..)}. */
    public static String name(byte type) {
        String name = NAMES[type & 0xFF];
        return name != null ? name : String.format("Unknown(0x%02x)", type & 0xFF);
    }
}

// Type bytes of backend (server to client) messages, named as in the PostgreSQL docs.
package dev.switchboard.protocol;

/** Backend message type bytes; {@link #name(byte)} maps a byte to its documented name. */
public final class BackendType {

    public static final byte AUTHENTICATION = 'R';
    public static final byte BACKEND_KEY_DATA = 'K';
    public static final byte BIND_COMPLETE = '2';
    public static final byte CLOSE_COMPLETE = '3';
    public static final byte COMMAND_COMPLETE = 'C';
    public static final byte COPY_DATA = 'd';
    public static final byte COPY_DONE = 'c';
    public static final byte COPY_IN_RESPONSE = 'G';
    public static final byte COPY_OUT_RESPONSE = 'H';
    public static final byte COPY_BOTH_RESPONSE = 'W';
    public static final byte DATA_ROW = 'D';
    public static final byte EMPTY_QUERY_RESPONSE = 'I';
    public static final byte ERROR_RESPONSE = 'E';
    public static final byte FUNCTION_CALL_RESPONSE = 'V';
    /** Not in core PostgreSQL: the GoAway proposal's byte, sent only to clients that negotiated it. */
    public static final byte GO_AWAY = 'g';
    public static final byte NEGOTIATE_PROTOCOL_VERSION = 'v';
    public static final byte NO_DATA = 'n';
    public static final byte NOTICE_RESPONSE = 'N';
    public static final byte NOTIFICATION_RESPONSE = 'A';
    public static final byte PARAMETER_DESCRIPTION = 't';
    public static final byte PARAMETER_STATUS = 'S';
    public static final byte PARSE_COMPLETE = '1';
    public static final byte PORTAL_SUSPENDED = 's';
    public static final byte READY_FOR_QUERY = 'Z';
    public static final byte ROW_DESCRIPTION = 'T';

    private static final String[] NAMES = new String[256];

    static {
        NAMES[AUTHENTICATION] = "Authentication";
        NAMES[BACKEND_KEY_DATA] = "BackendKeyData";
        NAMES[BIND_COMPLETE] = "BindComplete";
        NAMES[CLOSE_COMPLETE] = "CloseComplete";
        NAMES[COMMAND_COMPLETE] = "CommandComplete";
        NAMES[COPY_DATA] = "CopyData";
        NAMES[COPY_DONE] = "CopyDone";
        NAMES[COPY_IN_RESPONSE] = "CopyInResponse";
        NAMES[COPY_OUT_RESPONSE] = "CopyOutResponse";
        NAMES[COPY_BOTH_RESPONSE] = "CopyBothResponse";
        NAMES[DATA_ROW] = "DataRow";
        NAMES[EMPTY_QUERY_RESPONSE] = "EmptyQueryResponse";
        NAMES[ERROR_RESPONSE] = "ErrorResponse";
        NAMES[FUNCTION_CALL_RESPONSE] = "FunctionCallResponse";
        NAMES[GO_AWAY] = "GoAway";
        NAMES[NEGOTIATE_PROTOCOL_VERSION] = "NegotiateProtocolVersion";
        NAMES[NO_DATA] = "NoData";
        NAMES[NOTICE_RESPONSE] = "NoticeResponse";
        NAMES[NOTIFICATION_RESPONSE] = "NotificationResponse";
        NAMES[PARAMETER_DESCRIPTION] = "ParameterDescription";
        NAMES[PARAMETER_STATUS] = "ParameterStatus";
        NAMES[PARSE_COMPLETE] = "ParseComplete";
        NAMES[PORTAL_SUSPENDED] = "PortalSuspended";
        NAMES[READY_FOR_QUERY] = "ReadyForQuery";
        NAMES[ROW_DESCRIPTION] = "RowDescription";
    }

    private BackendType() {
    }

    /** True if {@code type} is a documented backend message type. */
    public static boolean isKnown(byte type) {
        return NAMES[type & 0xFF] != null;
    }

    /** The documented name of {@code type}, or {@code Unknown(0x..)}. */
    public static String name(byte type) {
        String name = NAMES[type & 0xFF];
        return name != null ? name : String.format("Unknown(0x%02x)", type & 0xFF);
    }
}

// ErrorResponse: an error, with its severity, SQLSTATE, message and optional fields.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/** ErrorResponse: field code to value, in wire order (S, V, C, M, D, H for those built here). */
public record ErrorResponse(Map<Character, String> fields) implements BackendMessage {

    /** Takes an unmodifiable ordered copy. */
    public ErrorResponse {
        fields = Fields.copy(fields);
    }

    /** A FATAL error: the connection is closed after it. */
    public static ErrorResponse fatal(String sqlState, String message) {
        return new ErrorResponse(Fields.of("FATAL", sqlState, message));
    }

    /** An ERROR: the session continues (followed by ReadyForQuery). */
    public static ErrorResponse error(String sqlState, String message) {
        return new ErrorResponse(Fields.of("ERROR", sqlState, message));
    }

    /** A FATAL error telling the client about a protocol violation it made. */
    public static ErrorResponse fatal(ProtocolException e) {
        return fatal(e.sqlState(), e.getMessage());
    }

    /** Reads the fields; missing ones read as null rather than failing, so odd servers still pass. */
    public static ErrorResponse decode(ByteBuf body) {
        Map<Character, String> fields = Fields.decode(body, "ErrorResponse");
        return new ErrorResponse(fields);
    }

    /** A copy with the D field set. */
    public ErrorResponse withDetail(String detail) {
        return withField(Fields.DETAIL, detail);
    }

    /** A copy with the H field set. */
    public ErrorResponse withHint(String hint) {
        return withField(Fields.HINT, hint);
    }

    /** A copy with any field set (unknown codes are ignored by clients, so they can carry extras). */
    public ErrorResponse withField(char code, String value) {
        return new ErrorResponse(Fields.with(fields, code, value));
    }

    /** The non-localized severity (V) when present, else S. */
    public String severity() {
        return fields.getOrDefault(Fields.SEVERITY_NONLOCALIZED, fields.get(Fields.SEVERITY));
    }

    /** The SQLSTATE (C). */
    public String sqlState() {
        return fields.get(Fields.CODE);
    }

    /** The primary message (M). */
    public String message() {
        return fields.get(Fields.MESSAGE);
    }

    /** The value of {@code code}, or null. */
    public String field(char code) {
        return fields.get(code);
    }

    /** True for FATAL and PANIC, after which the server closes the connection. */
    public boolean isFatal() {
        String s = severity();
        return "FATAL".equals(s) || "PANIC".equals(s);
    }

    @Override
    public byte type() {
        return BackendType.ERROR_RESPONSE;
    }

    @Override
    public void encode(ByteBuf out) {
        Fields.encode(out, type(), fields);
    }
}

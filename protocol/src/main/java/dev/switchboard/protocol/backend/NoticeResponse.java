// NoticeResponse: a warning or notice, in the same field format as ErrorResponse.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/** NoticeResponse: field code to value, in wire order. */
public record NoticeResponse(Map<Character, String> fields) implements BackendMessage {

    /** Takes an unmodifiable ordered copy. */
    public NoticeResponse {
        fields = Fields.copy(fields);
    }

    /** A NOTICE. */
    public static NoticeResponse notice(String sqlState, String message) {
        return new NoticeResponse(Fields.of("NOTICE", sqlState, message));
    }

    /** A WARNING. */
    public static NoticeResponse warning(String sqlState, String message) {
        return new NoticeResponse(Fields.of("WARNING", sqlState, message));
    }

    /** Reads the fields; missing ones read as null rather than failing, so odd servers still pass. */
    public static NoticeResponse decode(ByteBuf body) {
        Map<Character, String> fields = Fields.decode(body, "NoticeResponse");
        return new NoticeResponse(fields);
    }

    /** A copy with the D field set. */
    public NoticeResponse withDetail(String detail) {
        return new NoticeResponse(Fields.with(fields, Fields.DETAIL, detail));
    }

    /** A copy with the H field set. */
    public NoticeResponse withHint(String hint) {
        return new NoticeResponse(Fields.with(fields, Fields.HINT, hint));
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

    @Override
    public byte type() {
        return BackendType.NOTICE_RESPONSE;
    }

    @Override
    public void encode(ByteBuf out) {
        Fields.encode(out, type(), fields);
    }
}

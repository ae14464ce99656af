// Decoding any whole backend frame into its message class.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;

/** Dispatch from a backend type byte to the message decoder. */
public final class BackendMessages {

    private BackendMessages() {
    }

    /**
     * Decodes a whole frame. The caller keeps ownership of {@code frame}; a reference-counted result
     * (DataRow, CopyData) holds its own retained slice and must be released too.
     *
     * @throws ProtocolException for a malformed body or an unknown type byte
     */
    public static BackendMessage decode(Frame frame) {
        if (!frame.isWhole()) {
            throw new IllegalArgumentException("cannot decode a partial frame: " + frame);
        }
        ByteBuf body = frame.body();
        return switch (frame.type()) {
            case BackendType.AUTHENTICATION -> Authentication.decode(body);
            case BackendType.BACKEND_KEY_DATA -> BackendKeyData.decode(body);
            case BackendType.BIND_COMPLETE -> BindComplete.decode(body);
            case BackendType.CLOSE_COMPLETE -> CloseComplete.decode(body);
            case BackendType.COMMAND_COMPLETE -> CommandComplete.decode(body);
            case BackendType.COPY_DATA -> CopyData.decode(body);
            case BackendType.COPY_DONE -> CopyDone.decode(body);
            case BackendType.COPY_IN_RESPONSE -> CopyInResponse.decode(body);
            case BackendType.COPY_OUT_RESPONSE -> CopyOutResponse.decode(body);
            case BackendType.COPY_BOTH_RESPONSE -> CopyBothResponse.decode(body);
            case BackendType.DATA_ROW -> DataRow.decode(body);
            case BackendType.EMPTY_QUERY_RESPONSE -> EmptyQueryResponse.decode(body);
            case BackendType.ERROR_RESPONSE -> ErrorResponse.decode(body);
            case BackendType.FUNCTION_CALL_RESPONSE -> FunctionCallResponse.decode(body);
            case BackendType.GO_AWAY -> GoAway.decode(body);
            case BackendType.NEGOTIATE_PROTOCOL_VERSION -> NegotiateProtocolVersion.decode(body);
            case BackendType.NO_DATA -> NoData.decode(body);
            case BackendType.NOTICE_RESPONSE -> NoticeResponse.decode(body);
            case BackendType.NOTIFICATION_RESPONSE -> NotificationResponse.decode(body);
            case BackendType.PARAMETER_DESCRIPTION -> ParameterDescription.decode(body);
            case BackendType.PARAMETER_STATUS -> ParameterStatus.decode(body);
            case BackendType.PARSE_COMPLETE -> ParseComplete.decode(body);
            case BackendType.PORTAL_SUSPENDED -> PortalSuspended.decode(body);
            case BackendType.READY_FOR_QUERY -> ReadyForQuery.decode(body);
            case BackendType.ROW_DESCRIPTION -> RowDescription.decode(body);
            default -> throw ProtocolException.violation("unexpected message type "
                    + BackendType.name(frame.type()) + " from server");
        };
    }
}

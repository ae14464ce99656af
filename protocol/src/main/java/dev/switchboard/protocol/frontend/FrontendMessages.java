// Decoding any whole frontend frame into its message class.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;

/** Dispatch from a frontend type byte to the message decoder. */
public final class FrontendMessages {

    private FrontendMessages() {
    }

    /**
     * Decodes a whole frame; 'p' is read as PasswordMessage (decode SASL and GSS responses with their
     * own class, the type is contextual). The caller keeps ownership of {@code frame}; a
     * reference-counted result (Bind, CopyData) holds its own retained slice and must be released too.
     *
     * @throws ProtocolException for a malformed body or an unknown type byte
     */
    public static FrontendMessage decode(Frame frame) {
        if (!frame.isWhole()) {
            throw new IllegalArgumentException("cannot decode a partial frame: " + frame);
        }
        ByteBuf body = frame.body();
        return switch (frame.type()) {
            case FrontendType.BIND -> Bind.decode(body);
            case FrontendType.CLOSE -> Close.decode(body);
            case FrontendType.COPY_DATA -> CopyData.decode(body);
            case FrontendType.COPY_DONE -> CopyDone.decode(body);
            case FrontendType.COPY_FAIL -> CopyFail.decode(body);
            case FrontendType.DESCRIBE -> Describe.decode(body);
            case FrontendType.EXECUTE -> Execute.decode(body);
            case FrontendType.FLUSH -> Flush.decode(body);
            case FrontendType.FUNCTION_CALL -> FunctionCall.decode(body);
            case FrontendType.PARSE -> Parse.decode(body);
            case FrontendType.PASSWORD_MESSAGE -> PasswordMessage.decode(body);
            case FrontendType.QUERY -> Query.decode(body);
            case FrontendType.SYNC -> Sync.decode(body);
            case FrontendType.TERMINATE -> Terminate.decode(body);
            default -> throw ProtocolException.violation("invalid frontend message type "
                    + FrontendType.name(frame.type()));
        };
    }
}

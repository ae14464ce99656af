// EmptyQueryResponse: the reply to an empty query string.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** EmptyQueryResponse: the query string was empty (replaces CommandComplete). */
public record EmptyQueryResponse() implements BackendMessage {

    public static final EmptyQueryResponse INSTANCE = new EmptyQueryResponse();

    /** Checks that the body is empty. */
    public static EmptyQueryResponse decode(ByteBuf body) {
        Wire.expectEnd(body, "EmptyQueryResponse");
        return INSTANCE;
    }

    @Override
    public byte type() {
        return BackendType.EMPTY_QUERY_RESPONSE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(type()).writeInt(4);
    }
}

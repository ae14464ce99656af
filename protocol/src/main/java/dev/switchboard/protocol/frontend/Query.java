// Query: a simple-query string, possibly several statements.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * Query: simple query protocol. Replies: per statement RowDescription, DataRow*, CommandComplete (or
 * CopyIn/OutResponse, EmptyQueryResponse), ErrorResponse on failure; then ReadyForQuery.
 */
public record Query(String sql) implements FrontendMessage {

    /** Reads the query string. */
    public static Query decode(ByteBuf body) {
        String sql = Wire.readCString(body, "Query");
        Wire.expectEnd(body, "Query");
        return new Query(sql);
    }

    @Override
    public byte type() {
        return FrontendType.QUERY;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        Wire.writeCString(out, sql);
        Wire.end(out, at);
    }
}

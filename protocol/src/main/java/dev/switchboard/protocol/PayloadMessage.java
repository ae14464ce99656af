// Base of messages that hold their raw body buffer (reference counted) and parse it on demand.
package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A message that keeps its body (without type byte and length) as a reference-counted buffer, so
 * forwarding or re-encoding it costs no parsing. Whoever holds it last releases it.
 */
public abstract class PayloadMessage extends DefaultByteBufHolder implements Encodable {

    /** Takes ownership of {@code body}. */
    protected PayloadMessage(ByteBuf body) {
        super(body);
    }

    /** The message type byte. */
    public abstract byte type();

    /** The body bytes, without the 5-byte header; not retained. */
    public ByteBuf body() {
        return content();
    }

    /** Writes type, length and body without consuming the body. */
    @Override
    public void encode(ByteBuf out) {
        ByteBuf body = content();
        out.writeByte(type()).writeInt(4 + body.readableBytes());
        out.writeBytes(body, body.readerIndex(), body.readableBytes());
    }

    /** A new instance of the same class around {@code content}. */
    @Override
    public abstract PayloadMessage replace(ByteBuf content);

    @Override
    public PayloadMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public PayloadMessage touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (refCnt() > 0 ? content().readableBytes() + " bytes" : "released")
                + "]";
    }
}

// One framed typed message, or one piece of a large message that is streamed through.
package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A typed v3 message as read from the wire, or one piece of a large streamed message.
 *
 * <p>{@link #content()} holds raw wire bytes, so forwarding a frame is writing its content: a first
 * piece starts with the type byte and the Int32 length, a whole frame is the entire message
 * ({@code 1 + length()} bytes), and continuation pieces are body bytes only.
 */
public final class Frame extends DefaultByteBufHolder {

    /** Bytes of the type byte plus the length field. */
    public static final int HEADER_SIZE = 5;

    /** The holder's own reference too: see {@link #content()}. */
    private final ByteBuf content;
    private final byte type;
    private final int length;
    private final boolean first;
    private final boolean last;

    /** Wraps {@code content} (ownership passes to the frame) with the header facts it came with. */
    public Frame(byte type, int length, boolean first, boolean last, ByteBuf content) {
        super(content);
        this.content = content;
        this.type = type;
        this.length = length;
        this.first = first;
        this.last = last;
    }

    /**
     * Wraps one complete message (type, length, body) taking ownership of {@code whole}; the length
     * field must match the readable bytes.
     */
    public static Frame wrap(ByteBuf whole) {
        int readable = whole.readableBytes();
        if (readable < HEADER_SIZE || whole.getInt(whole.readerIndex() + 1) != readable - 1) {
            int length = readable < HEADER_SIZE ? -1 : whole.getInt(whole.readerIndex() + 1);
            whole.release();
            throw new IllegalArgumentException("not one whole message: " + readable
                    + " readable bytes, length field " + length);
        }
        return new Frame(whole.getByte(whole.readerIndex()), readable - 1, true, true, whole);
    }

    /**
     * The wire bytes, without the holder's check that they were not released yet: a frame's content is taken
     * several times per message on the proxy's path, and every check reads the buffer's reference count (about
     * 2% of the proxy's CPU in a profile). A released buffer is still refused at its first read.
     */
    @Override
    public ByteBuf content() {
        return content;
    }

    /** The message type byte (of the whole message, also on continuation pieces). */
    public byte type() {
        return type;
    }

    /** The Int32 length field of the whole message as on the wire: counts itself, not the type byte. */
    public int length() {
        return length;
    }

    /** True if this piece starts the message (content begins with the 5 header bytes). */
    public boolean isFirst() {
        return first;
    }

    /** True if this piece ends the message. */
    public boolean isLast() {
        return last;
    }

    /** True if this frame is the entire message. */
    public boolean isWhole() {
        return first && last;
    }

    /** The message body of a whole frame: a slice of {@link #content()} without the header, not retained. */
    public ByteBuf body() {
        if (!isWhole()) {
            throw new IllegalStateException("body() of a partial frame of " + length + " bytes");
        }
        ByteBuf c = content();
        return c.slice(c.readerIndex() + HEADER_SIZE, c.readableBytes() - HEADER_SIZE);
    }

    @Override
    public Frame replace(ByteBuf content) {
        return new Frame(type, length, first, last, content);
    }

    @Override
    public Frame copy() {
        return (Frame) super.copy();
    }

    @Override
    public Frame duplicate() {
        return (Frame) super.duplicate();
    }

    @Override
    public Frame retainedDuplicate() {
        return (Frame) super.retainedDuplicate();
    }

    @Override
    public Frame retain() {
        super.retain();
        return this;
    }

    @Override
    public Frame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public Frame touch() {
        super.touch();
        return this;
    }

    @Override
    public Frame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        String kind = isWhole() ? "whole" : first ? "first" : last ? "last" : "middle";
        return "Frame('" + (char) type + "', length=" + length + ", " + kind + ", "
                + (refCnt() > 0 ? content().readableBytes() + " bytes" : "released") + ")";
    }
}

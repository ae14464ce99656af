// Splits a typed v3 byte stream into Frames: whole messages, or pieces of large streamed ones.
package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames a typed v3 stream (everything after the startup packet) into {@link Frame}s.
 *
 * <p>Frames are retained slices of the inbound buffers, never copies. A message whose type is not in
 * {@link FrameLimits#wholeTypes()} and whose wire size exceeds {@link FrameLimits#streamChunkSize()}
 * is emitted in pieces as its bytes arrive, so the decoder never holds more than about one read of it.
 * Unknown type bytes are framed like any other. A bad length raises a {@link ProtocolException}
 * (08P01), after which all further input is discarded.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private enum State { HEADER, STREAMING, FAILED }

    private FrameLimits limits;
    private State state = State.HEADER;
    private byte streamType;
    private int streamLength;
    private long streamRemaining;

    /** A decoder applying {@code limits}. */
    public FrameDecoder(FrameLimits limits) {
        this.limits = limits;
        setCumulator(FrameDecoder::cumulate);
    }

    /**
     * Netty's merging cumulator appends a read to the bytes kept from the last one, growing the buffer when it is
     * full. The bytes already framed stay in front of what is kept: they are dropped only while no frame of the
     * buffer is alive, checked once a read is framed, and a forwarded frame lives until the peer has taken it. On a
     * long stream the check kept missing (the frames were alive then; by the next read they were not), and the
     * buffer doubled again and again with framed bytes: a 1 GB COPY to a slow client reached a 128 MiB buffer.
     * Here a full buffer that nothing else holds first moves what is kept to its front, which is at most one
     * unfinished message, so the buffer stays about one read long.
     */
    private static ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (cumulation != in && cumulation.refCnt() == 1 && cumulation.readerIndex() > 0
                && in.readableBytes() > cumulation.writableBytes()) {
            cumulation.discardReadBytes();
        }
        return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
    }

    /** The capacity of the buffer holding bytes read but not yet framed (0 when there is none), for tests. */
    int bufferCapacity() {
        return internalBuffer().capacity();
    }

    /**
     * Applies {@code limits} from the next message on; a message already being streamed ends in pieces as it began.
     * A session changes its limits as it goes (short messages until it is authenticated, whole statements where
     * they are classified): changing them in place keeps the bytes and state this decoder holds, and saves
     * replacing a handler on every login.
     */
    public void limits(FrameLimits limits) {
        this.limits = limits;
    }

    /** Bytes read from the channel but not yet emitted as frames. */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        for (;;) {
            switch (state) {
                case HEADER: {
                    if (in.readableBytes() < Frame.HEADER_SIZE) {
                        return;
                    }
                    int start = in.readerIndex();
                    byte type = in.getByte(start);
                    int length = in.getInt(start + 1);
                    if (length < 4 || length > limits.maxMessageSize()) {
                        state = State.FAILED;
                        in.skipBytes(in.readableBytes());
                        throw ProtocolException.violation("message of type " + describe(type)
                                + " has invalid length " + length
                                + (length > limits.maxMessageSize()
                                        ? " (limit " + limits.maxMessageSize() + ")" : ""));
                    }
                    long total = 1L + length;
                    if (limits.isWhole(type) || total <= limits.streamChunkSize()) {
                        if (in.readableBytes() < total) {
                            return;
                        }
                        out.add(new Frame(type, length, true, true, in.readRetainedSlice((int) total)));
                        break;
                    }
                    // Large streamable message: emit what is here now rather than wait for the rest.
                    int n = (int) Math.min(in.readableBytes(), total);
                    streamRemaining = total - n;
                    out.add(new Frame(type, length, true, streamRemaining == 0, in.readRetainedSlice(n)));
                    if (streamRemaining > 0) {
                        streamType = type;
                        streamLength = length;
                        state = State.STREAMING;
                    }
                    break;
                }
                case STREAMING: {
                    if (!in.isReadable()) {
                        return;
                    }
                    int n = (int) Math.min(in.readableBytes(), streamRemaining);
                    streamRemaining -= n;
                    boolean last = streamRemaining == 0;
                    out.add(new Frame(streamType, streamLength, false, last, in.readRetainedSlice(n)));
                    if (last) {
                        state = State.HEADER;
                    }
                    break;
                }
                case FAILED:
                    in.skipBytes(in.readableBytes());
                    return;
                default:
                    throw new IllegalStateException("unknown state " + state);
            }
        }
    }

    /** A type byte as a client can read it: 'Q' when printable, 0x00 otherwise. */
    static String describe(byte type) {
        int t = type & 0xFF;
        return t >= 0x20 && t < 0x7F ? "'" + (char) t + "'" : String.format("0x%02x", t);
    }
}

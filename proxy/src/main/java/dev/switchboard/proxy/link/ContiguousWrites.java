// ContiguousWrites: writes that continue one another in the same buffer go out as one.
package dev.switchboard.proxy.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * A server's reply read at once (RowDescription, DataRow, CommandComplete, ReadyForQuery) is forwarded message
 * by message, each a slice of the one buffer it was read into. Sent as they are, they would be four entries in
 * the channel's outbound queue and one {@code writev} of four pieces. Here a slice that starts where the
 * previous one ended, in the same buffer, joins it: the client's reply is one slice and one {@code send}. The
 * same holds the other way: a client's extended-protocol request (Parse, Bind, Describe, Execute, Sync) reaches
 * its server as one send. Client and server pipelines both start with this handler.
 *
 * <p>Only forwarded writes are joined (a void promise: nobody waits for them) of slices with a memory address
 * (Netty's pooled direct buffers). Any other write, a flush, a close or the handler's removal first passes on
 * what was joined, so the order of writes is kept. Nothing is held past a flush; what waits here between a write
 * and its flush is no more than one read from the server. Confined to the channel's event loop.
 */
public final class ContiguousWrites extends ChannelOutboundHandlerAdapter {
    /** Where a client's or a server's pipeline holds this handler. */
    public static final String NAME = "contiguous-writes";

    /** The first slice of the run being joined, or null; the run holds its buffer alive through it. */
    private ByteBuf first;
    /** The buffer the run's slices are of. */
    private ByteBuf buffer;
    /** Memory addresses of the run's first byte and of the byte after its last. */
    private long start;
    private long end;
    private boolean joined;

    /** Whether {@code channel}'s handler holds writes not yet passed on (never after a flush). */
    public static boolean holdsWrites(io.netty.channel.Channel channel) {
        ContiguousWrites writes = channel.pipeline().get(ContiguousWrites.class);
        return writes != null && writes.first != null;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (promise.isVoid() && msg instanceof ByteBuf slice && joinable(slice)) {
            long at = slice.memoryAddress() + slice.readerIndex();
            ByteBuf of = slice.unwrap();
            if (first != null && of == buffer && at == end) {
                end += slice.readableBytes();
                joined = true;
                slice.release(); // the run's first slice keeps the buffer alive
                return;
            }
            passOn(ctx);
            first = slice;
            buffer = of;
            start = at;
            end = at + slice.readableBytes();
            return;
        }
        passOn(ctx);
        ctx.write(msg, promise);
    }

    /**
     * A readable slice taken directly from a buffer whose memory address is known: a forwarded message. Not a
     * slice that Netty's leak detection wraps (the tests run with it): the joined slice is taken from the buffer
     * itself, and its release would then bypass the detector's record of that buffer and be reported as a leak.
     */
    private static boolean joinable(ByteBuf slice) {
        ByteBuf of = slice.unwrap();
        return of != null && of.unwrap() == null && slice.isReadable() && slice.hasMemoryAddress()
                && of.hasMemoryAddress();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        passOn(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        passOn(ctx); // the channel's queue releases it with everything else not sent
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        passOn(ctx);
    }

    /** Writes the run (one slice over all it joined) to the next handler. */
    private void passOn(ChannelHandlerContext ctx) {
        if (first == null) {
            return;
        }
        ByteBuf run = first;
        if (joined) {
            run = buffer.retainedSlice((int) (start - buffer.memoryAddress()), (int) (end - start));
            first.release();
        }
        first = null;
        buffer = null;
        joined = false;
        ctx.write(run, ctx.voidPromise());
    }
}

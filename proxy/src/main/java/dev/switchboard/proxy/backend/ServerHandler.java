// ServerHandler: the last handler of a server channel; passes frames and events to the connection's owner.
package dev.switchboard.proxy.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.proxy.link.ContiguousWrites;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class ServerHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ServerHandler.class);

    private final ServerConn server;
    private Throwable failure;

    ServerHandler(ServerConn server) {
        this.server = server;
    }

    /**
     * Gives {@code channel} the pipeline of a server connection, dialled or adopted alike: forwarded writes joined,
     * the stream framed, frames and events passed to {@code server}'s owner; and marks the channel as {@code server}'s.
     */
    static void install(Channel channel, ServerConn server, int maxMessageSize) {
        channel.pipeline().addLast(ContiguousWrites.NAME, new ContiguousWrites());
        channel.pipeline().addLast("framer", new FrameDecoder(FrameLimits.backendDefaults(maxMessageSize)));
        channel.pipeline().addLast("server", new ServerHandler(server));
        channel.attr(ServerAttributes.CONN).set(server);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame frame) {
            if (frame.isWhole() && frame.type() == BackendType.PARAMETER_STATUS) {
                // Recorded whoever owns the connection (a client, a reset, the pool): a value the server
                // reported while nobody looked would leave the next client's settings compared with a stale one.
                ParameterStatus status = ParameterStatus.decode(frame.body());
                server.parameter(status.name(), status.value());
            }
            server.listener().onFrame(server, frame);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        server.listener().onReadComplete(server);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        server.listener().onWritabilityChanged(server, ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.markBroken("closed");
        server.listener().onClosed(server, failure);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
            // A throwable after the arguments is logged with its stack; a null there is not logged at all.
            log.warn("[{}] server connection failed: {}", server.name(), cause.toString(),
                    isProxyFault(cause) ? cause : null);
        }
        server.markBroken(cause.toString());
        ctx.close();
    }

    /**
     * An error of the JVM (out of memory, say) or an unexpected exception of the proxy's own code, rather than the
     * connection's (I/O, TLS, bad input from the server, which arrive as I/O or decoder exceptions): its stack says
     * where, and is logged with it.
     */
    private static boolean isProxyFault(Throwable cause) {
        return cause instanceof Error
                || cause instanceof RuntimeException && !(cause instanceof io.netty.handler.codec.DecoderException);
    }
}

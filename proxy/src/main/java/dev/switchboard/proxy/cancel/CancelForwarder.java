// CancelForwarder: delivers a cancel request to the PostgreSQL node that runs a server connection.
package dev.switchboard.proxy.cancel;

import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.startup.CancelRequest;
import dev.switchboard.proxy.Transport;
import dev.switchboard.proxy.backend.ServerConn;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a fresh connection to the server's node and sends the server's own key, as PostgreSQL requires.
 * PostgreSQL closes that connection only after signalling the backend; the returned future completes
 * then, so the proxy can give its client the same guarantee (pgJDBC sends its next query on that close).
 */
public final class CancelForwarder {
    private static final Logger log = LoggerFactory.getLogger(CancelForwarder.class);

    private CancelForwarder() {
    }

    /** Bound on waiting for the server to close the cancel connection; PostgreSQL closes it at once. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    public static CompletableFuture<Void> send(Transport transport, ServerConn server) {
        SocketAddress node = server.channel().remoteAddress(); // TCP, or the node's Unix socket
        if (node == null) {
            return CompletableFuture.completedFuture(null);
        }
        return send(transport, server.channel().eventLoop(), node,
                new CancelRequest(server.processId(), server.cancelKey()), server.name());
    }

    /**
     * Sends one cancel request to {@code address} (a PostgreSQL node, or another Switchboard instance, which closes
     * the connection once it delivered it in turn); completes when the other side closed it or could not be reached.
     */
    public static CompletableFuture<Void> send(Transport transport, io.netty.channel.EventLoop loop,
                                               SocketAddress address, CancelRequest request, String who) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        new Bootstrap()
                .group(loop)
                .channel(transport.channelTo(address))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(address)
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        log.warn("[{}] could not deliver cancel request: {}", who, f.cause().toString());
                        delivered.complete(null);
                        return;
                    }
                    // The other side answers nothing and closes once the cancel is delivered.
                    f.channel().closeFuture().addListener(closed -> delivered.complete(null));
                    f.channel().writeAndFlush(Messages.encode(f.channel().alloc(), request))
                            .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                    f.channel().eventLoop().schedule(() -> f.channel().close(), CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
                });
        return delivered;
    }
}

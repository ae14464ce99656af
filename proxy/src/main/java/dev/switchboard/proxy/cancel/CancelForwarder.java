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
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a fresh connection to the server's node and sends the server's own key, as PostgreSQL requires. */
public final class CancelForwarder {
    private static final Logger log = LoggerFactory.getLogger(CancelForwarder.class);

    private CancelForwarder() {
    }

    public static void send(Transport transport, ServerConn server) {
        InetSocketAddress node = (InetSocketAddress) server.channel().remoteAddress();
        if (node == null) {
            return;
        }
        CancelRequest request = new CancelRequest(server.processId(), server.cancelKey());
        new Bootstrap()
                .group(server.channel().eventLoop())
                .channel(transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(node)
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        log.warn("[{}] could not deliver cancel request: {}", server.name(), f.cause().toString());
                        return;
                    }
                    // The server answers nothing and closes; we close once the request is written.
                    f.channel().writeAndFlush(Messages.encode(f.channel().alloc(), request))
                            .addListener(ChannelFutureListener.CLOSE);
                });
    }
}

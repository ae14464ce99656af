// TransportTest: what the proxy counts on from the transport's accepted sockets without asking for it.
package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransportTest {

    /**
     * The listener sets no TCP_NODELAY of its own (one system call less per connection): replies must still leave
     * at once rather than wait behind Nagle's algorithm, which adds up to 40 ms to a small reply.
     */
    @Test
    void acceptedConnectionsHaveNagleOffWithoutBeingAsked() throws Exception {
        Transport transport = Transport.detect();
        EventLoopGroup group = transport.newGroup(1);
        CompletableFuture<Boolean> noDelay = new CompletableFuture<>();
        try {
            Channel listener = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            noDelay.complete(ctx.channel().config().getOption(ChannelOption.TCP_NODELAY));
                            ctx.fireChannelActive();
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            try (Socket client = new Socket("127.0.0.1", ((InetSocketAddress) listener.localAddress()).getPort())) {
                assertTrue(noDelay.get(10, TimeUnit.SECONDS), "TCP_NODELAY on an accepted " + transport.name()
                        + " socket");
            } finally {
                listener.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}

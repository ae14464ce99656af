// TransportTest: what the proxy counts on from the transport's sockets, and how it reaches a node.
package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
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

    /** A node written as a directory is its Unix socket; any other host is TCP, resolved when connecting. */
    @Test
    void aNodeIsItsSocketFileOrAnUnresolvedTcpAddress() {
        assertEquals(new DomainSocketAddress("/var/run/postgresql/.s.PGSQL.5433"),
                Transport.nodeAddress("/var/run/postgresql", 5433));
        assertEquals(InetSocketAddress.createUnresolved("db.example", 5432), Transport.nodeAddress("db.example", 5432));
    }

    @Test
    void withoutEpollAUnixSocketIsRefusedWithTheReason() {
        Transport nio = new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class, null, null);
        assertEquals(NioSocketChannel.class, nio.channelTo(Transport.nodeAddress("127.0.0.1", 5432)));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> nio.channelTo(Transport.nodeAddress("/tmp", 5432)));
        assertTrue(refused.getMessage().contains("Unix sockets need the native epoll transport"), refused.getMessage());
    }
}

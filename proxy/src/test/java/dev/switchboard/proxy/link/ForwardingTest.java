package dev.switchboard.proxy.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client's server is often on another event loop than the client, so the link writes to a channel from a
 * thread that is not the channel's. Such a write must still arrive (the tests run with assertions on, as
 * Netty's checks of the calling thread are assertions).
 */
class ForwardingTest {
    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aWriteFromAnotherThreadArrives() throws Exception {
        BlockingQueue<String> received = new ArrayBlockingQueue<>(4);
        LocalAddress address = new LocalAddress("forwarding-test");
        Channel server = new ServerBootstrap().group(loops).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf buf = (ByteBuf) msg;
                                received.add(buf.toString(StandardCharsets.US_ASCII));
                                buf.release();
                            }
                        });
                    }
                }).bind(address).sync().channel();
        Channel client = new Bootstrap().group(loops).channel(LocalChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(address).sync().channel();
        try {
            Forwarding.write(client, Unpooled.copiedBuffer("first", StandardCharsets.US_ASCII));
            Forwarding.write(client, Unpooled.copiedBuffer("second", StandardCharsets.US_ASCII));
            client.flush();

            StringBuilder arrived = new StringBuilder(); // the two may arrive as one read
            while (arrived.length() < "firstsecond".length()) {
                String piece = received.poll(10, TimeUnit.SECONDS);
                if (piece == null) {
                    break;
                }
                arrived.append(piece);
            }
            assertEquals("firstsecond", arrived.toString());
        } finally {
            client.close().sync();
            server.close().sync();
        }
    }
}

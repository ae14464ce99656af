// Transport: picks native epoll on Linux when it loads, NIO otherwise.
package dev.switchboard.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.ServerDomainSocketChannel;

/** The channel classes and event loop factory of the transport in use. */
public record Transport(
        String name,
        Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> clientChannel,
        Class<? extends ServerDomainSocketChannel> domainServerChannel) {

    /** Epoll when the native library loads (and was not disabled), NIO otherwise. */
    public static Transport detect() {
        if (Epoll.isAvailable() && !Boolean.getBoolean("switchboard.nio")) {
            return new Transport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class,
                    EpollServerDomainSocketChannel.class);
        }
        return new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class, null);
    }

    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads,
                name.equals("epoll") ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    public boolean supportsUnixSockets() {
        return domainServerChannel != null;
    }
}

// Transport: picks native epoll on Linux when it loads, NIO otherwise.
package dev.switchboard.proxy;

import dev.switchboard.config.NodeAddress;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.ServerDomainSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The channel classes and event loop factory of the transport in use; Unix sockets only with epoll. */
public record Transport(
        String name,
        Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> clientChannel,
        Class<? extends ServerDomainSocketChannel> domainServerChannel,
        Class<? extends DomainSocketChannel> domainChannel) {

    /** Why a Unix socket cannot be used here. */
    private static final String UNIX_SOCKETS_NEED_EPOLL = "Unix sockets need the native epoll transport, which is not "
            + "available here";

    /** Epoll when the native library loads (and was not disabled), NIO otherwise. */
    public static Transport detect() {
        if (Epoll.isAvailable() && !Boolean.getBoolean("switchboard.nio")) {
            return new Transport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class,
                    EpollServerDomainSocketChannel.class, EpollDomainSocketChannel.class);
        }
        return new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class, null, null);
    }

    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads,
                name.equals("epoll") ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    public boolean supportsUnixSockets() {
        return domainServerChannel != null;
    }

    /**
     * Where a PostgreSQL node listens: its Unix socket when {@code host} is a directory, else {@code host:port} over
     * TCP, resolved when a bootstrap connects to it.
     */
    public static SocketAddress nodeAddress(String host, int port) {
        return NodeAddress.isUnixSocket(host)
                ? new DomainSocketAddress(NodeAddress.socketFile(host, port).toFile())
                : InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * The channel class that connects to {@code address}.
     *
     * @throws IllegalStateException for a Unix socket on a transport without them
     */
    public Class<? extends Channel> channelTo(SocketAddress address) {
        if (!(address instanceof DomainSocketAddress)) {
            return clientChannel;
        }
        if (domainChannel == null) {
            throw new IllegalStateException(UNIX_SOCKETS_NEED_EPOLL);
        }
        return domainChannel;
    }
}

// EmbeddedServers: server connections backed by EmbeddedChannels, for flow tests of the link layer.
package dev.switchboard.proxy.backend;

import io.netty.channel.embedded.EmbeddedChannel;

/** A scripted server: what the proxy writes is read from the channel's outbound queue, replies are written inbound. */
public final class EmbeddedServers {
    private EmbeddedServers() {
    }

    /** A server connection on a fresh EmbeddedChannel whose last handler hands frames to the connection's owner. */
    public static ServerConn server(String name) {
        EmbeddedChannel channel = new EmbeddedChannel();
        ServerConn server = new ServerConn(channel, "127.0.0.1:5432", name);
        channel.pipeline().addLast(new ServerHandler(server));
        return server;
    }

    public static EmbeddedChannel channel(ServerConn server) {
        return (EmbeddedChannel) server.channel();
    }
}

// EmbeddedServers: server connections backed by EmbeddedChannels, for flow tests of the link layer.
package dev.switchboard.proxy.backend;

import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import io.netty.channel.embedded.EmbeddedChannel;

/** A scripted server: what the proxy writes is read from the channel's outbound queue, replies are written inbound. */
public final class EmbeddedServers {
    private EmbeddedServers() {
    }

    /** A server connection on a fresh EmbeddedChannel, framed and handled as a network one is. */
    public static ServerConn server(String name) {
        return server(name, "127.0.0.1:5432");
    }

    public static ServerConn server(String name, String node) {
        EmbeddedChannel channel = new EmbeddedChannel();
        ServerConn server = new ServerConn(channel, node, name);
        channel.pipeline().addLast("framer", new FrameDecoder(FrameLimits.backendDefaults(1 << 20)));
        channel.pipeline().addLast("server", new ServerHandler(server));
        return server;
    }

    public static EmbeddedChannel channel(ServerConn server) {
        return (EmbeddedChannel) server.channel();
    }
}

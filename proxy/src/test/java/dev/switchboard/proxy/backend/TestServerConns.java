// TestServerConns: server connections over an EmbeddedChannel whose events a test plays by hand.
package dev.switchboard.proxy.backend;

import dev.switchboard.protocol.Frame;
import io.netty.channel.embedded.EmbeddedChannel;

/** For flow tests above the backend package: no PostgreSQL, the test is the server. */
public final class TestServerConns {
    private TestServerConns() {
    }

    /** A connection to {@code node} whose writes land in {@code channel}'s outbound queue. */
    public static ServerConn on(EmbeddedChannel channel, String node, String name) {
        return new ServerConn(channel, node, name);
    }

    /** The server sent {@code frame}: handed to the connection's current owner, as the backend handler does. */
    public static void receive(ServerConn server, Frame frame) {
        server.listener().onFrame(server, frame);
    }

    /** The connection went away: closed, and its owner told, as the backend handler does. */
    public static void drop(ServerConn server) {
        server.channel().close();
        server.listener().onClosed(server, null);
    }
}

// ServerAdoption: a server connection a predecessor process opened, taken into this one.
package dev.switchboard.proxy.backend;

import dev.switchboard.protocol.ProtocolVersion;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives a connected, authenticated, idle socket to PostgreSQL the pipeline and state of one this process opened
 * itself ({@link BackendConnector}): the framer, the handler, and what the server said at its startup (protocol
 * version, BackendKeyData, parameters) plus the settings applied on it since. The caller registers the channel on
 * an event loop and puts the connection in its pool.
 */
public final class ServerAdoption {
    private static final AtomicLong IDS = new AtomicLong();

    private ServerAdoption() {
    }

    public static ServerConn take(Channel channel, String node, int maxMessageSize, ProtocolVersion version,
                                  int processId, byte[] cancelKey, Map<String, String> parameters,
                                  Map<String, String> sessionSettings) {
        ServerConn server = new ServerConn(channel, node, "t" + IDS.incrementAndGet() + "@" + node);
        server.protocolVersion(version);
        server.keyData(processId, cancelKey);
        parameters.forEach(server::parameter);
        server.sessionSettings().putAll(sessionSettings);
        ServerHandler.install(channel, server, maxMessageSize);
        return server;
    }
}

// StartedClients: a client connection past its startup, for flow tests that begin where the session does.
package dev.switchboard.proxy.frontend;

import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.startup.StartupMessage;
import io.netty.channel.Channel;
import java.util.LinkedHashMap;

public final class StartedClients {
    private StartedClients() {
    }

    public static ClientConnection started(Channel channel, String user, String database) {
        LinkedHashMap<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", user);
        parameters.put("database", database);
        ClientConnection client = new ClientConnection(channel);
        client.started(new StartupMessage(ProtocolVersion.V3_0, parameters), ProtocolVersion.V3_0);
        return client;
    }
}

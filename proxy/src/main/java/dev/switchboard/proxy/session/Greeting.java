// Greeting: the end of a client's startup — its ParameterStatus values, its cancel key, ReadyForQuery.
package dev.switchboard.proxy.session;

import dev.switchboard.protocol.backend.BackendKeyData;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.proxy.cancel.CancelKeys;
import dev.switchboard.proxy.frontend.ClientLifecycle;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;

/** What PostgreSQL sends after AuthenticationOk, with the server's parameters and the proxy's key. */
public final class Greeting {
    private Greeting() {
    }

    /** @param extensions the proxy's own ParameterStatus for a client that asked for extensions; usually none */
    public static void send(Channel client, Map<String, String> parameters, List<ParameterStatus> extensions,
                            CancelKeys.Key key) {
        ByteBuf out = client.alloc().ioBuffer();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            new ParameterStatus(p.getKey(), p.getValue()).encode(out);
        }
        for (ParameterStatus p : extensions) {
            p.encode(out);
        }
        new BackendKeyData(key.processId(), key.secret()).encode(out);
        ReadyForQuery.IDLE.encode(out);
        client.writeAndFlush(out);
        client.pipeline().fireUserEventTriggered(ClientLifecycle.SESSION_STARTED);
    }
}

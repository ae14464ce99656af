// ParameterChanges: tells a moved client which reported parameters differ on its new server.
package dev.switchboard.proxy.session;

import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.backend.ParameterStatus;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.Objects;

/** Sends ParameterStatus for each parameter whose value changed, as PostgreSQL does when a GUC_REPORT setting changes. */
final class ParameterChanges {

    private ParameterChanges() {
    }

    static void send(Channel client, Map<String, String> before, Map<String, String> after) {
        for (Map.Entry<String, String> e : after.entrySet()) {
            if (!Objects.equals(before.get(e.getKey()), e.getValue())) {
                client.write(Messages.encode(client.alloc(), new ParameterStatus(e.getKey(), e.getValue())));
            }
        }
    }
}

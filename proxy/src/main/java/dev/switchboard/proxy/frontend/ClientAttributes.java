// ClientAttributes: channel attribute keys of client channels.
package dev.switchboard.proxy.frontend;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

public final class ClientAttributes {
    public static final AttributeKey<ClientConnection> CLIENT = AttributeKey.valueOf("switchboard.client");

    private ClientAttributes() {
    }

    /** The log prefix of a client channel. */
    public static String describe(Channel channel) {
        ClientConnection client = channel.attr(CLIENT).get();
        return client == null ? channel.toString() : client.toString();
    }
}

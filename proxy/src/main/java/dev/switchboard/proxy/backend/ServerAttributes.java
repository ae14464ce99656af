// ServerAttributes: channel attribute keys of server channels.
package dev.switchboard.proxy.backend;

import io.netty.util.AttributeKey;

final class ServerAttributes {
    static final AttributeKey<ServerConn> CONN = AttributeKey.valueOf("switchboard.server");

    private ServerAttributes() {
    }
}

// ClientErrors: sends the proxy's own errors to a client — FATAL then close, or ERROR and carry on.
package dev.switchboard.proxy.frontend;

import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.backend.ErrorResponse;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

public final class ClientErrors {
    private ClientErrors() {
    }

    /** Sends a FATAL error and closes the connection once it is written. */
    public static void fatal(Channel client, ErrorResponse error) {
        if (!client.isActive()) {
            return;
        }
        client.writeAndFlush(Messages.encode(client.alloc(), error)).addListener(ChannelFutureListener.CLOSE);
    }

    public static void fatal(Channel client, String sqlState, String message) {
        fatal(client, ErrorResponse.fatal(sqlState, message));
    }
}

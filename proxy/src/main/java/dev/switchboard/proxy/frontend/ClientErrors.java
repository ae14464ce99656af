// ClientErrors: sends the proxy's own errors to a client — FATAL then close, or ERROR and carry on.
package dev.switchboard.proxy.frontend;

import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.backend.ErrorResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;

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

    /**
     * A FATAL error in the pre-3.0 format ('E', one NUL-terminated line, no length or fields) and close:
     * PostgreSQL answers a client asking for protocol 2 or older so, as that is all such a client reads,
     * and libpq recognises it too.
     */
    public static void fatalPre30(Channel client, String message) {
        if (!client.isActive()) {
            return;
        }
        ByteBuf out = client.alloc().ioBuffer();
        out.writeByte('E');
        out.writeCharSequence("FATAL:  " + message + "\n", StandardCharsets.UTF_8);
        out.writeByte(0);
        client.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
}

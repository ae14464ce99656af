// SSLRequest: the client asks to switch to TLS before startup.
package dev.switchboard.protocol.startup;

import io.netty.buffer.ByteBuf;

/** SSLRequest; answered with one byte, 'S' (then the TLS handshake) or 'N'. */
public record SslRequest() implements StartupPacket {

    public static final SslRequest INSTANCE = new SslRequest();
    /** The request code (1234 << 16 | 5679). */
    public static final int CODE = 80877103;

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(8).writeInt(CODE);
    }
}

// GSSENCRequest: the client asks to switch to GSSAPI encryption before startup.
package dev.switchboard.protocol.startup;

import io.netty.buffer.ByteBuf;

/** GSSENCRequest; answered with one byte, 'G' or 'N'. */
public record GssEncRequest() implements StartupPacket {

    public static final GssEncRequest INSTANCE = new GssEncRequest();
    /** The request code (1234 << 16 | 5680). */
    public static final int CODE = 80877104;

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(8).writeInt(CODE);
    }
}

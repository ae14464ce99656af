// AuthenticationOk: authentication succeeded.
package dev.switchboard.protocol.backend;

import io.netty.buffer.ByteBuf;

/** AuthenticationOk: authentication succeeded. */
public record AuthenticationOk() implements Authentication {

    public static final AuthenticationOk INSTANCE = new AuthenticationOk();

    /** Reads a body that must be this request. */
    public static AuthenticationOk decode(ByteBuf body) {
        return Authentication.decode(body, AuthenticationOk.class);
    }

    @Override
    public int code() {
        return OK;
    }

    @Override
    public void encode(ByteBuf out) {
        Authentication.encode(out, OK, new byte[0]);
    }
}

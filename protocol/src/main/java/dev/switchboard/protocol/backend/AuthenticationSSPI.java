// AuthenticationSSPI: the server asks for SSPI authentication.
package dev.switchboard.protocol.backend;

import io.netty.buffer.ByteBuf;

/** AuthenticationSSPI: the server asks for SSPI authentication. */
public record AuthenticationSSPI() implements Authentication {

    public static final AuthenticationSSPI INSTANCE = new AuthenticationSSPI();

    /** Reads a body that must be this request. */
    public static AuthenticationSSPI decode(ByteBuf body) {
        return Authentication.decode(body, AuthenticationSSPI.class);
    }

    @Override
    public int code() {
        return SSPI;
    }

    @Override
    public void encode(ByteBuf out) {
        Authentication.encode(out, SSPI, new byte[0]);
    }
}

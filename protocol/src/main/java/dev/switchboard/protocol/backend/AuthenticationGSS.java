// AuthenticationGSS: the server asks for GSSAPI authentication.
package dev.switchboard.protocol.backend;

import io.netty.buffer.ByteBuf;

/** AuthenticationGSS: the server asks for GSSAPI authentication. */
public record AuthenticationGSS() implements Authentication {

    public static final AuthenticationGSS INSTANCE = new AuthenticationGSS();

    /** Reads a body that must be this request. */
    public static AuthenticationGSS decode(ByteBuf body) {
        return Authentication.decode(body, AuthenticationGSS.class);
    }

    @Override
    public int code() {
        return GSS;
    }

    @Override
    public void encode(ByteBuf out) {
        Authentication.encode(out, GSS, new byte[0]);
    }
}

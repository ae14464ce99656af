// AuthenticationCleartextPassword: the server asks for the password in clear text.
package dev.switchboard.protocol.backend;

import io.netty.buffer.ByteBuf;

/** AuthenticationCleartextPassword: the server asks for the password in clear text. */
public record AuthenticationCleartextPassword() implements Authentication {

    public static final AuthenticationCleartextPassword INSTANCE = new AuthenticationCleartextPassword();

    /** Reads a body that must be this request. */
    public static AuthenticationCleartextPassword decode(ByteBuf body) {
        return Authentication.decode(body, AuthenticationCleartextPassword.class);
    }

    @Override
    public int code() {
        return CLEARTEXT_PASSWORD;
    }

    @Override
    public void encode(ByteBuf out) {
        Authentication.encode(out, CLEARTEXT_PASSWORD, new byte[0]);
    }
}

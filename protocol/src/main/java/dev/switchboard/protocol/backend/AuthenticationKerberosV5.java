// AuthenticationKerberosV5: the server asks for Kerberos V5 (unsupported since PostgreSQL 9.4).
package dev.switchboard.protocol.backend;

import io.netty.buffer.ByteBuf;

/** AuthenticationKerberosV5: the server asks for Kerberos V5 (unsupported since PostgreSQL 9.4). */
public record AuthenticationKerberosV5() implements Authentication {

    public static final AuthenticationKerberosV5 INSTANCE = new AuthenticationKerberosV5();

    /** Reads a body that must be this request. */
    public static AuthenticationKerberosV5 decode(ByteBuf body) {
        return Authentication.decode(body, AuthenticationKerberosV5.class);
    }

    @Override
    public int code() {
        return KERBEROS_V5;
    }

    @Override
    public void encode(ByteBuf out) {
        Authentication.encode(out, KERBEROS_V5, new byte[0]);
    }
}

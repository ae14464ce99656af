// AuthenticationMD5Password: the server asks for an MD5-hashed password with this salt.
package dev.switchboard.protocol.backend;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** AuthenticationMD5Password: the server asks for an MD5-hashed password with this salt. */
public record AuthenticationMD5Password(byte[] salt) implements Authentication {

    /** Copies the salt, which must be 4 bytes. */
    public AuthenticationMD5Password {
        if (salt.length != 4) {
            throw new IllegalArgumentException("MD5 salt must be 4 bytes, not " + salt.length);
        }
        salt = salt.clone();
    }

    /** Reads a body that must be this request. */
    public static AuthenticationMD5Password decode(ByteBuf body) {
        return Authentication.decode(body, AuthenticationMD5Password.class);
    }

    /** A copy of the salt. */
    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public int code() {
        return MD5_PASSWORD;
    }

    @Override
    public void encode(ByteBuf out) {
        Authentication.encode(out, MD5_PASSWORD, salt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationMD5Password other && Arrays.equals(other.salt, salt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "AuthenticationMD5Password[salt]";
    }
}

// PasswordMessage: a cleartext or MD5-hashed password in reply to an authentication request.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** PasswordMessage (cleartext, or "md5" + hex). Replies: AuthenticationOk or ErrorResponse. */
public record PasswordMessage(String password) implements FrontendMessage {

    /** Reads the password. */
    public static PasswordMessage decode(ByteBuf body) {
        String password = Wire.readCString(body, "PasswordMessage");
        Wire.expectEnd(body, "PasswordMessage");
        return new PasswordMessage(password);
    }

    @Override
    public byte type() {
        return FrontendType.PASSWORD_MESSAGE;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        Wire.writeCString(out, password);
        Wire.end(out, at);
    }

    @Override
    public String toString() {
        // Never let a password reach a log line.
        return "PasswordMessage[***]";
    }
}

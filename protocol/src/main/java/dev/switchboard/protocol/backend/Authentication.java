// The Authentication ('R') family: one record per request code, and the dispatcher over codes.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** An Authentication message; {@link #code()} is the Int32 that starts its body. */
public sealed interface Authentication extends BackendMessage
        permits AuthenticationOk, AuthenticationKerberosV5, AuthenticationCleartextPassword,
        AuthenticationMD5Password, AuthenticationGSS, AuthenticationGSSContinue, AuthenticationSSPI,
        AuthenticationSASL, AuthenticationSASLContinue, AuthenticationSASLFinal, AuthenticationOther {

    int OK = 0;
    int KERBEROS_V5 = 2;
    int CLEARTEXT_PASSWORD = 3;
    int MD5_PASSWORD = 5;
    int GSS = 7;
    int GSS_CONTINUE = 8;
    int SSPI = 9;
    int SASL = 10;
    int SASL_CONTINUE = 11;
    int SASL_FINAL = 12;

    /** The authentication request code. */
    int code();

    @Override
    default byte type() {
        return BackendType.AUTHENTICATION;
    }

    /** Reads any Authentication body; codes not listed above become {@link AuthenticationOther}. */
    static Authentication decode(ByteBuf body) {
        int code = Wire.readInt(body, "Authentication");
        Authentication a = switch (code) {
            case OK -> AuthenticationOk.INSTANCE;
            case KERBEROS_V5 -> AuthenticationKerberosV5.INSTANCE;
            case CLEARTEXT_PASSWORD -> AuthenticationCleartextPassword.INSTANCE;
            case MD5_PASSWORD -> new AuthenticationMD5Password(Wire.readBytes(body, 4, "AuthenticationMD5Password"));
            case GSS -> AuthenticationGSS.INSTANCE;
            case GSS_CONTINUE -> new AuthenticationGSSContinue(rest(body));
            case SSPI -> AuthenticationSSPI.INSTANCE;
            case SASL -> AuthenticationSASL.read(body);
            case SASL_CONTINUE -> new AuthenticationSASLContinue(rest(body));
            case SASL_FINAL -> new AuthenticationSASLFinal(rest(body));
            default -> new AuthenticationOther(code, rest(body));
        };
        Wire.expectEnd(body, "Authentication");
        return a;
    }

    /** Reads an Authentication body that must be of class {@code expected}, else a ProtocolException. */
    static <T extends Authentication> T decode(ByteBuf body, Class<T> expected) {
        Authentication a = decode(body);
        if (!expected.isInstance(a)) {
            throw ProtocolException.violation("expected " + expected.getSimpleName() + " but received "
                    + a.getClass().getSimpleName() + " (code " + a.code() + ")");
        }
        return expected.cast(a);
    }

    /** Writes 'R', length, code and {@code data}. */
    static void encode(ByteBuf out, int code, byte[] data) {
        out.writeByte(BackendType.AUTHENTICATION).writeInt(8 + data.length).writeInt(code).writeBytes(data);
    }

    private static byte[] rest(ByteBuf body) {
        return Wire.readBytes(body, body.readableBytes(), "Authentication");
    }
}

// AuthenticationSASL: the server asks for SASL and lists the mechanisms it accepts.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** AuthenticationSASL: the mechanisms offered, in the server's order of preference. */
public record AuthenticationSASL(List<String> mechanisms) implements Authentication {

    /** Copies the list. */
    public AuthenticationSASL {
        mechanisms = List.copyOf(mechanisms);
    }

    /** Reads a body that must be this request. */
    public static AuthenticationSASL decode(ByteBuf body) {
        return Authentication.decode(body, AuthenticationSASL.class);
    }

    /** Reads the mechanism list that follows the code: names ended by an empty name. */
    static AuthenticationSASL read(ByteBuf body) {
        List<String> names = new ArrayList<>();
        for (String name = Wire.readCString(body, "AuthenticationSASL"); !name.isEmpty();
                name = Wire.readCString(body, "AuthenticationSASL")) {
            names.add(name);
        }
        return new AuthenticationSASL(names);
    }

    @Override
    public int code() {
        return SASL;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        out.writeInt(SASL);
        mechanisms.forEach(m -> Wire.writeCString(out, m));
        out.writeByte(0);
        Wire.end(out, at);
    }
}

// ParameterStatus: the server reports the current value of a run-time parameter.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** ParameterStatus: a reported parameter's name and new value. */
public record ParameterStatus(String name, String value) implements BackendMessage {

    /** Reads name and value. */
    public static ParameterStatus decode(ByteBuf body) {
        String name = Wire.readCString(body, "ParameterStatus");
        String value = Wire.readCString(body, "ParameterStatus");
        Wire.expectEnd(body, "ParameterStatus");
        return new ParameterStatus(name, value);
    }

    @Override
    public byte type() {
        return BackendType.PARAMETER_STATUS;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        Wire.writeCString(out, name);
        Wire.writeCString(out, value);
        Wire.end(out, at);
    }
}

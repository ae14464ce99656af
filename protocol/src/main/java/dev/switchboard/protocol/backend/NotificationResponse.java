// NotificationResponse: a NOTIFY delivered to a listening session.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** NotificationResponse: the notifying backend's pid, the channel and the payload. */
public record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {

    /** Reads pid, channel and payload. */
    public static NotificationResponse decode(ByteBuf body) {
        int pid = Wire.readInt(body, "NotificationResponse");
        String channel = Wire.readCString(body, "NotificationResponse");
        String payload = Wire.readCString(body, "NotificationResponse");
        Wire.expectEnd(body, "NotificationResponse");
        return new NotificationResponse(pid, channel, payload);
    }

    @Override
    public byte type() {
        return BackendType.NOTIFICATION_RESPONSE;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        out.writeInt(processId);
        Wire.writeCString(out, channel);
        Wire.writeCString(out, payload);
        Wire.end(out, at);
    }
}

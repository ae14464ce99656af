// CommandComplete: a command finished, with its command tag.
package dev.switchboard.protocol.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** CommandComplete with the command tag, e.g. "SELECT 5", "INSERT 0 1", "BEGIN". */
public record CommandComplete(String tag) implements BackendMessage {

    /** Reads the tag. */
    public static CommandComplete decode(ByteBuf body) {
        String tag = Wire.readCString(body, "CommandComplete");
        Wire.expectEnd(body, "CommandComplete");
        return new CommandComplete(tag);
    }

    /** The tag up to the row count: "SELECT", "INSERT", "DISCARD ALL", "CREATE TABLE". */
    public String command() {
        int end = tag.length();
        while (end > 0 && (Character.isDigit(tag.charAt(end - 1)) || tag.charAt(end - 1) == ' ')) {
            end--;
        }
        return tag.substring(0, end);
    }

    /** The trailing row count, or -1 when the tag has none. */
    public long rowCount() {
        int sp = tag.lastIndexOf(' ');
        String last = tag.substring(sp + 1);
        if (sp < 0 || last.isEmpty() || !last.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        try {
            return Long.parseLong(last);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public byte type() {
        return BackendType.COMMAND_COMPLETE;
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.begin(out, type());
        Wire.writeCString(out, tag);
        Wire.end(out, at);
    }
}

// The one thing every message can do: write itself onto a buffer.
package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;

/** A message that can write its complete wire form (type byte, length and body) to a buffer. */
public interface Encodable {

    /** Appends the complete message to {@code out}; does not touch bytes already in it. */
    void encode(ByteBuf out);
}

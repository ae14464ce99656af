// Forwarding: writes a relayed message to the other side's channel without a future for it.
package dev.switchboard.proxy.link;

import io.netty.channel.Channel;

/**
 * Several messages cross the link per transaction, and a write's future would be one more object each that
 * nobody looks at. A write that fails is not lost track of without it: the message is released, the channel
 * is closed, and the link hears of that through the channel's close.
 */
public final class Forwarding {
    private Forwarding() {
    }

    /** Queues {@code message} (ownership passes) on {@code channel}; the caller flushes. */
    public static void write(Channel channel, Object message) {
        channel.write(message, channel.unsafe().voidPromise());
    }
}

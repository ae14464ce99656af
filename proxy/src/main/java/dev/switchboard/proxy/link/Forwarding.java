// Forwarding: writes a relayed message to the other side's channel without a future for it.
package dev.switchboard.proxy.link;

import io.netty.channel.Channel;

/**
 * Several messages cross the link per transaction, and a write's future would be one more object each that
 * nobody looks at. A write that fails is not lost track of without it: the message is released, and the
 * failure reaches the channel's pipeline as an exception, which closes the channel; the link hears of that
 * through the close.
 *
 * <p>The pipeline's void promise, not the one of the channel's {@code Unsafe}: that one may be taken only on
 * the channel's own event loop, and a client's server is often on another loop. It also fails silently.
 */
public final class Forwarding {
    private Forwarding() {
    }

    /** Queues {@code message} (ownership passes) on {@code channel}; the caller flushes. */
    public static void write(Channel channel, Object message) {
        channel.write(message, channel.voidPromise());
    }
}

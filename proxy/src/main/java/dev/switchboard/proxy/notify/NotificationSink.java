// NotificationSink: the client side of LISTEN fan-out; a listener hub hands it the notifications of its channels.
package dev.switchboard.proxy.notify;

import io.netty.buffer.ByteBuf;

/** Receives notifications for one client; called on any thread; must not block. */
public interface NotificationSink {

    /**
     * A NotificationResponse frame for this client (the whole message, type byte included): a retained
     * duplicate the sink owns (must release or forward it). Must not throw; if it does, the hub logs it
     * and carries on with the other sinks.
     */
    void deliver(ByteBuf notificationResponseMessage);

    /** The hub lost its server connection; listens are gone (the client should get an error/notice). */
    void hubLost(String reason);

    /**
     * The hub lost its server connection and listens again on another one: listens hold, but what was
     * notified in between may be missing (the client should get a warning, PostgreSQL-style: a NOTICE).
     */
    void hubResumed(String message);
}

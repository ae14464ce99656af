// TransactionNotifications: one transaction-mode client's LISTENs on its hub and the notifications waiting for it.
package dev.switchboard.proxy.txn;

import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.backend.NoticeResponse;
import dev.switchboard.proxy.notify.ListenerHub;
import dev.switchboard.proxy.notify.NotificationSink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Notifications reach the client only between requests, never between the pieces of a reply; while it
 * holds a server they wait here. Confined to the client's event loop except where noted.
 */
final class TransactionNotifications {
    private final ListenerHub hub;
    private final NotificationSink sink;
    private final Channel client;
    private final ArrayDeque<ByteBuf> queued = new ArrayDeque<>();
    private boolean used;

    TransactionNotifications(ListenerHub hub, NotificationSink sink, Channel client) {
        this.hub = hub;
        this.sink = sink;
        this.client = client;
    }

    /** Completes when the hub listens on {@code channel}; a hub failure becomes a warning, not a hang. */
    CompletableFuture<Void> listen(String channel) {
        used = true;
        return hub.listen(channel, sink).handle((v, error) -> {
            if (error != null) {
                client.eventLoop().execute(() -> queue(Messages.encode(client.alloc(), NoticeResponse.warning("01000",
                        "Switchboard could not listen on channel \"" + channel + "\": " + error.getMessage()))));
            }
            return null;
        });
    }

    CompletableFuture<Void> unlisten(String channel) {
        if (!used) {
            return CompletableFuture.completedFuture(null);
        }
        return hub.unlisten(channel, sink).handle((v, error) -> null);
    }

    void queue(ByteBuf notification) {
        queued.add(notification);
    }

    /** The client holds no server any more: what waited goes out now. */
    void flushQueued() {
        if (queued.isEmpty()) {
            return;
        }
        while (!queued.isEmpty()) {
            client.write(queued.poll());
        }
        client.flush();
    }

    void close() {
        if (used) {
            hub.removeAll(sink);
        }
        while (!queued.isEmpty()) {
            queued.poll().release();
        }
    }
}

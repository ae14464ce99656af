// TransactionNotifications: one transaction-mode client's LISTENs on its hub and the notifications waiting for it.
package dev.switchboard.proxy.txn;

import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.NoticeResponse;
import dev.switchboard.proxy.frontend.ClientErrors;
import dev.switchboard.proxy.notify.ListenerHub;
import dev.switchboard.proxy.notify.NotificationBacklog;
import dev.switchboard.proxy.notify.NotificationSink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications reach the client only between requests, never between the pieces of a reply; while it
 * holds a server they wait here. What waits for the client — held here, or written but not yet taken by
 * its socket — is bounded by {@link NotificationBacklog#limit()}: one more and the client is cut off with
 * FATAL 53200 (at once when it holds no server, else when its transaction ends), the rest dropped.
 * Confined to the client's event loop except where noted.
 */
final class TransactionNotifications {
    private static final Logger log = LoggerFactory.getLogger(TransactionNotifications.class);

    private enum State {
        /** No LISTEN yet: the hub knows nothing of this client. */
        UNUSED,
        /** Registered on the hub (or was): notifications are passed on. */
        LISTENING,
        /** Too many waited: everything is dropped and the client gets FATAL 53200 at the next chance. */
        OVERFLOWED,
        /** The client is gone. */
        CLOSED
    }

    private final ListenerHub hub;
    private final NotificationSink sink;
    private final Channel client;
    private final NotificationBacklog backlog;
    /** Made at the first notification queued: most clients never listen. */
    private ArrayDeque<ByteBuf> queued;
    /** Written to the client channel, not yet taken by its socket. */
    private int unwritten;
    private int dropped;
    private State state = State.UNUSED;
    /** A write reached the socket (or failed): one fewer waits. */
    private final ChannelFutureListener written = f -> wroteOne();

    TransactionNotifications(ListenerHub hub, NotificationSink sink, Channel client, NotificationBacklog backlog) {
        this.hub = hub;
        this.sink = sink;
        this.client = client;
        this.backlog = backlog;
    }

    private void transition(State next) {
        boolean legal = switch (state) {
            case UNUSED -> next == State.LISTENING || next == State.CLOSED;
            case LISTENING -> next == State.OVERFLOWED || next == State.CLOSED;
            case OVERFLOWED -> next == State.CLOSED;
            case CLOSED -> false;
        };
        if (!legal) {
            throw new IllegalStateException("notifications of " + client + " cannot go from " + state + " to " + next);
        }
        state = next;
    }

    /** Completes when the hub listens on {@code channel}; a hub failure becomes a warning, not a hang. */
    CompletableFuture<Void> listen(String channel) {
        if (state == State.UNUSED) {
            transition(State.LISTENING);
        } else if (state != State.LISTENING) {
            return CompletableFuture.completedFuture(null); // being cut off: nothing more is listened
        }
        return hub.listen(channel, sink).handle((v, error) -> {
            if (error != null) {
                client.eventLoop().execute(() -> deliver(Messages.encode(client.alloc(), NoticeResponse.warning("01000",
                        "Switchboard could not listen on channel \"" + channel + "\": " + error.getMessage())), true));
            }
            return null;
        });
    }

    /** Whether the client ever listened: its registrations live in this process's hub. */
    boolean everListened() {
        return state != State.UNUSED;
    }

    CompletableFuture<Void> unlisten(String channel) {
        if (state == State.UNUSED) {
            return CompletableFuture.completedFuture(null);
        }
        return hub.unlisten(channel, sink).handle((v, error) -> null);
    }

    /**
     * A message for the client (a NotificationResponse, or a NoticeResponse about the hub), owned from here on;
     * written now unless the client holds a server.
     */
    void deliver(ByteBuf message, boolean holdingServer) {
        if (state != State.LISTENING) {
            message.release();
            if (state == State.OVERFLOWED) {
                dropped++;
                backlog.dropped(1);
            }
            return;
        }
        if (waiting() >= backlog.limit()) {
            message.release();
            overflow(holdingServer);
            return;
        }
        if (holdingServer) {
            if (queued == null) {
                queued = new ArrayDeque<>(2);
            }
            queued.add(message);
            backlog.added(waiting());
        } else {
            write(message);
            client.flush();
        }
    }

    /** The hub's listens are gone: a warning the client sees between requests. */
    void hubLost(String reason, boolean holdingServer) {
        deliver(Messages.encode(client.alloc(), NoticeResponse.warning("08006",
                "Switchboard lost the connection that listens for notifications (" + reason
                        + "); LISTEN again to receive them")), holdingServer);
    }

    /** The hub listens again on a new server: a warning that notifications may be missing. */
    void hubResumed(String message, boolean holdingServer) {
        deliver(Messages.encode(client.alloc(), NoticeResponse.warning("01000", message)), holdingServer);
    }

    /** How many wait for the client now: held here plus written but not yet taken by its socket. */
    int waiting() {
        return queuedCount() + unwritten;
    }

    private void write(ByteBuf message) {
        unwritten++;
        backlog.added(waiting());
        client.write(message).addListener(written);
    }

    private void wroteOne() {
        unwritten--;
        backlog.removed(1);
    }

    private void overflow(boolean holdingServer) {
        dropped = 1 + queuedCount();
        backlog.removed(queuedCount());
        while (queued != null && !queued.isEmpty()) {
            queued.poll().release();
        }
        transition(State.OVERFLOWED);
        backlog.overflowed(dropped);
        hub.removeAll(sink); // the fan-out stops at the source
        log.warn("{}: more than {} notifications of listener hub {} waited for the client "
                + "(limits.max_queued_notifications); closing it", client, backlog.limit(), hub.name());
        if (!holdingServer) {
            cutOff();
        }
    }

    /** FATAL after what the socket already has: the client learns why the rest is missing. */
    private void cutOff() {
        ClientErrors.fatal(client, ErrorResponse.fatal("53200", "notifications for this client were dropped: more"
                + " than " + backlog.limit() + " from listener hub " + hub.name() + " waited because the client did"
                + " not read them (limits.max_queued_notifications)"));
    }

    /** The client holds no server any more: what waited goes out now. */
    void flushQueued() {
        if (state == State.OVERFLOWED) {
            cutOff();
            return;
        }
        if (queued == null || queued.isEmpty()) {
            return;
        }
        // Moving from queued to unwritten: the count of waiting notifications does not change.
        while (!queued.isEmpty()) {
            unwritten++;
            client.write(queued.poll()).addListener(written);
        }
        client.flush();
    }

    void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (state != State.UNUSED) {
            hub.removeAll(sink);
        }
        transition(State.CLOSED);
        backlog.removed(queuedCount());
        while (queued != null && !queued.isEmpty()) {
            queued.poll().release();
        }
    }

    private int queuedCount() {
        return queued == null ? 0 : queued.size();
    }
}

// TransactionNotificationsTest: a client's waiting notifications stay within the limit; one more cuts it off with 53200.
package dev.switchboard.proxy.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.NotificationResponse;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.notify.ListenerHub;
import dev.switchboard.proxy.notify.NotificationBacklog;
import dev.switchboard.proxy.notify.NotificationSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TransactionNotificationsTest {
    private static final int LIMIT = 3;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final NotificationBacklog backlog = new NotificationBacklog(LIMIT, meters);
    /** A hub that never gets a server: registrations are all these tests need of it. */
    private final ListenerHub hub = new ListenerHub("main/app/app", CompletableFuture<ServerConn>::new);
    private final EmbeddedChannel client = new EmbeddedChannel();
    private final NotificationSink sink = new NotificationSink() {
        @Override
        public void deliver(ByteBuf message) {
            message.release();
        }

        @Override
        public void hubLost(String reason) {
        }

        @Override
        public void hubResumed(String message) {
        }
    };
    private final TransactionNotifications notifications = new TransactionNotifications(hub, sink, client, backlog);

    private static ByteBuf notification(int i) {
        return Messages.encode(ByteBufAllocator.DEFAULT, new NotificationResponse(1, "c", "n" + i));
    }

    private double meter(String name) {
        var gauge = meters.find(name).gauge();
        return gauge != null ? gauge.value() : meters.find(name).counter().count();
    }

    @Test
    void betweenTransactionsNotificationsGoOutAtOnce() {
        notifications.listen("c");
        notifications.deliver(notification(1), false);
        ByteBuf out = client.readOutbound();
        assertEquals(BackendType.NOTIFICATION_RESPONSE, out.getByte(0));
        out.release();
        assertEquals(0, notifications.waiting(), "taken by the socket");
        assertEquals(0.0, meter("switchboard.notifications.waiting"));
        assertEquals(1.0, meter("switchboard.notifications.waiting.peak"));
        notifications.close();
        assertFalse(client.finish());
    }

    @Test
    void oneMoreThanTheLimitDropsEverythingAndTheClientGetsFatal53200WhenItsTransactionEnds() {
        notifications.listen("c");
        List<ByteBuf> held = new ArrayList<>();
        for (int i = 1; i <= LIMIT; i++) {
            ByteBuf n = notification(i);
            held.add(n);
            notifications.deliver(n, true);
        }
        assertEquals(LIMIT, notifications.waiting());
        assertEquals(LIMIT, meter("switchboard.notifications.waiting"));

        notifications.deliver(notification(LIMIT + 1), true);
        assertEquals(0, notifications.waiting(), "what waited is released, not kept for a client that is cut off");
        held.forEach(n -> assertEquals(0, n.refCnt()));
        assertEquals(0.0, meter("switchboard.notifications.waiting"));
        assertEquals(LIMIT, meter("switchboard.notifications.waiting.peak"), "never more than the limit");
        assertEquals(1.0, meter("switchboard.notifications.overflows"));
        assertEquals(LIMIT + 1, meter("switchboard.notifications.dropped"));
        assertNull(client.readOutbound(), "nothing may go between the pieces of a reply");
        assertTrue(client.isActive());
        assertEquals(0, hub.listenerCount("c"), "the hub stops fanning out to it");

        notifications.deliver(notification(99), true);
        assertEquals(LIMIT + 2, meter("switchboard.notifications.dropped"));
        assertEquals(0, notifications.waiting());

        notifications.flushQueued(); // the transaction ended
        ByteBuf out = client.readOutbound();
        try {
            assertEquals(BackendType.ERROR_RESPONSE, out.getByte(0));
            ErrorResponse error = ErrorResponse.decode(out.slice(Frame.HEADER_SIZE, out.readableBytes() - Frame.HEADER_SIZE));
            assertEquals("FATAL", error.severity());
            assertEquals("53200", error.sqlState());
            assertEquals("notifications for this client were dropped: more than 3 from listener hub main/app/app"
                    + " waited because the client did not read them (limits.max_queued_notifications)", error.message());
        } finally {
            out.release();
        }
        assertFalse(client.isActive(), "closed once the error is written");
        notifications.close();
        assertFalse(client.finish());
    }

    @Test
    void closingReleasesWhatWaits() {
        notifications.listen("c");
        ByteBuf n = notification(1);
        notifications.deliver(n, true);
        notifications.close();
        assertEquals(0, n.refCnt());
        assertEquals(0.0, meter("switchboard.notifications.waiting"));
        ByteBuf late = notification(2);
        notifications.deliver(late, false);
        assertEquals(0, late.refCnt(), "released once closed");
        assertFalse(client.finish());
    }
}

// ListenerHubTest: a hub without a reachable server fails listens cleanly and keeps no state.
package dev.switchboard.proxy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.backend.ServerConn;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ListenerHubTest {

    private static final class Sink implements NotificationSink {
        final List<String> lost = new ArrayList<>();

        @Override
        public void deliver(ByteBuf message) {
            message.release();
        }

        @Override
        public void hubResumed(String message) {
        }

        @Override
        public void hubLost(String reason) {
            lost.add(reason);
        }
    }

    private static ListenerHubException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(e.getCause());
    }

    private static ListenerHubException assertInstanceOf(Throwable t) {
        assertTrue(t instanceof ListenerHubException, () -> "expected ListenerHubException, got " + t);
        return (ListenerHubException) t;
    }

    @Test
    void connectFailureFailsEveryWaitingListenAndLeavesNoListener() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<ServerConn> pending = new CompletableFuture<>();
        ListenerHub hub = new ListenerHub("db/user@nowhere", () -> {
            attempts.incrementAndGet();
            return pending;
        });
        Sink a = new Sink();
        Sink b = new Sink();
        CompletableFuture<Void> first = hub.listen("x", a);
        CompletableFuture<Void> second = hub.listen("y", b);
        CompletableFuture<Void> third = hub.listen("x", b);
        assertEquals(1, attempts.get(), "one connection attempt serves every waiting listen");
        assertEquals(2, hub.listenerCount("x"));
        assertEquals(Set.of(), hub.channels(), "nothing is listened before the server confirms");

        pending.completeExceptionally(new IllegalStateException("connection refused"));
        for (CompletableFuture<Void> f : List.of(first, second, third)) {
            ListenerHubException e = failure(f);
            assertEquals("08006", e.sqlState());
            assertEquals("listener hub db/user@nowhere could not connect to the server: connection refused",
                    e.getMessage());
        }
        assertEquals(0, hub.listenerCount("x"));
        assertEquals(0, hub.listenerCount("y"));
        assertEquals(List.of(), a.lost, "a sink whose listen failed is told by its future, not by hubLost");

        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<ServerConn> again = new CompletableFuture<>();
        ListenerHub retrying = new ListenerHub("r", () -> calls.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new RuntimeException("down")) : again);
        assertEquals("08006", failure(retrying.listen("x", a)).sqlState());
        CompletableFuture<Void> later = retrying.listen("x", a);
        assertEquals(2, calls.get(), "a later listen tries to connect again");
        again.completeExceptionally(new RuntimeException("still down"));
        assertEquals("listener hub r could not connect to the server: still down", failure(later).getMessage());
    }

    @Test
    void aConnectorThatThrowsIsAFailedListen() {
        ListenerHub hub = new ListenerHub("h", () -> {
            throw new IllegalStateException("pool closed");
        });
        ListenerHubException e = failure(hub.listen("x", new Sink()));
        assertEquals("listener hub h could not connect to the server: pool closed", e.getMessage());
        assertEquals(0, hub.listenerCount("x"));
    }

    @Test
    void closedHubRefusesListensAndTellsWaitingSinks() {
        CompletableFuture<ServerConn> pending = new CompletableFuture<>();
        ListenerHub hub = new ListenerHub("h", () -> pending);
        Sink a = new Sink();
        CompletableFuture<Void> waiting = hub.listen("x", a);
        hub.close();
        assertEquals("listener hub h closed", failure(waiting).getMessage());
        assertEquals(List.of(), a.lost, "its listen never went live: the failed future is the whole story");
        assertEquals("listener hub h is closed", failure(hub.listen("x", a)).getMessage());
        assertEquals(0, hub.listenerCount("x"));
        hub.close(); // idempotent
    }

    @Test
    void unlistenOfUnknownChannelsCompletes() throws Exception {
        ListenerHub hub = new ListenerHub("h", () -> {
            throw new AssertionError("unlisten must not connect");
        });
        Sink a = new Sink();
        hub.unlisten("x", a).get(10, TimeUnit.SECONDS);
        hub.unlisten("*", a).get(10, TimeUnit.SECONDS);
        hub.unlisten("bad\0name", a).get(10, TimeUnit.SECONDS);
        hub.removeAll(a);
    }

    @Test
    void unlistenWhileConnectingRemovesTheSinkAtOnce() throws Exception {
        CompletableFuture<ServerConn> pending = new CompletableFuture<>();
        ListenerHub hub = new ListenerHub("h", () -> pending);
        Sink a = new Sink();
        CompletableFuture<Void> listen = hub.listen("x", a);
        CompletableFuture<Void> unlisten = hub.unlisten("*", a);
        assertEquals(0, hub.listenerCount("x"));
        pending.completeExceptionally(new RuntimeException("down"));
        unlisten.get(10, TimeUnit.SECONDS); // an unlisten never fails
        assertEquals("08006", failure(listen).sqlState());
    }

    @Test
    void channelNameWithNulFails() {
        ListenerHub hub = new ListenerHub("h", () -> {
            throw new AssertionError("must not connect");
        });
        ListenerHubException e = failure(hub.listen("a\0b", new Sink()));
        assertEquals("22021", e.sqlState());
    }

    @Test
    void registryGivesOneHubPerKeyAndClosesThem() {
        ListenerHubs hubs = new ListenerHubs();
        CompletableFuture<ServerConn> pending = new CompletableFuture<>();
        ListenerHub one = hubs.hub("n/db/u", () -> new ListenerHub("n/db/u", () -> pending));
        assertSame(one, hubs.hub("n/db/u", () -> {
            throw new AssertionError("the factory runs once per key");
        }));
        Sink a = new Sink();
        CompletableFuture<Void> waiting = one.listen("x", a);
        hubs.close();
        assertEquals("listener hub n/db/u closed", failure(waiting).getMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> hubs.hub("k", () -> one));
        assertEquals("listener hubs are closed; no hub for k", e.getMessage());
    }
}

// ListenerHubFlowTest: a hub's states as scripted conversations with fake servers — loss, reconnect, re-LISTEN, give up.
package dev.switchboard.proxy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.NotificationResponse;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.backend.TestServerConns;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListenerHubFlowTest {

    /** A server the test plays: the hub's queries are read back as text and answered by hand. */
    private static final class FakeServer {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final ServerConn conn;

        FakeServer(String node) {
            conn = TestServerConns.on(channel, node, "fake@" + node);
        }

        /** The simple queries the hub sent since the last call. */
        List<String> queries() {
            List<String> sql = new ArrayList<>();
            for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
                try {
                    assertEquals('Q', out.getByte(out.readerIndex()));
                    sql.add(out.toString(out.readerIndex() + Frame.HEADER_SIZE, out.readableBytes() - Frame.HEADER_SIZE - 1,
                            StandardCharsets.UTF_8));
                } finally {
                    out.release();
                }
            }
            return sql;
        }

        /** Answers {@code count} commands: CommandComplete and ReadyForQuery each. */
        void answer(int count) {
            for (int i = 0; i < count; i++) {
                send(new CommandComplete("LISTEN"));
                send(ReadyForQuery.IDLE);
            }
        }

        /** Answers everything sent so far and returns it. */
        List<String> answerAll() {
            List<String> sql = queries();
            answer(sql.size());
            return sql;
        }

        void notify(String channel, String payload) {
            send(new NotificationResponse(4242, channel, payload));
        }

        void send(dev.switchboard.protocol.Encodable message) {
            TestServerConns.receive(conn, Frame.wrap(Messages.encode(ByteBufAllocator.DEFAULT, message)));
        }

        void drop() {
            TestServerConns.drop(conn);
        }
    }

    private static final class Sink implements NotificationSink {
        final List<String> received = new ArrayList<>();
        final List<String> lost = new ArrayList<>();
        final List<String> resumed = new ArrayList<>();

        @Override
        public void deliver(ByteBuf message) {
            try {
                NotificationResponse n = NotificationResponse.decode(message.slice(message.readerIndex() + Frame.HEADER_SIZE,
                        message.readableBytes() - Frame.HEADER_SIZE));
                received.add(n.channel() + "|" + n.payload());
            } finally {
                message.release();
            }
        }

        @Override
        public void hubLost(String reason) {
            lost.add(reason);
        }

        @Override
        public void hubResumed(String message) {
            resumed.add(message);
        }
    }

    /** Connections the test hands out one by one, and the policy's answers it gives by hand. */
    private final ArrayDeque<CompletableFuture<ServerConn>> connects = new ArrayDeque<>();
    private final List<Integer> policyCalls = new ArrayList<>();
    private final List<Long> lossTimes = new ArrayList<>();
    private final ArrayDeque<CompletableFuture<Void>> retries = new ArrayDeque<>();

    private ListenerHub hub() {
        return new ListenerHub("db/user", () -> {
            CompletableFuture<ServerConn> next = new CompletableFuture<>();
            connects.add(next);
            return next;
        }, (failures, lostAt) -> {
            policyCalls.add(failures);
            lossTimes.add(lostAt);
            CompletableFuture<Void> retry = new CompletableFuture<>();
            retries.add(retry);
            return retry;
        });
    }

    private static void done(CompletableFuture<?> future) throws Exception {
        assertTrue(future.isDone(), "not completed");
        future.get(0, TimeUnit.SECONDS);
    }

    private static String failure(CompletableFuture<?> future) {
        assertTrue(future.isCompletedExceptionally(), "not failed");
        try {
            future.get(0, TimeUnit.SECONDS);
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A hub listening on "a" (sinks 1, 2) and "b" (sink 2) through {@code server}. */
    private ListenerHub listeningOn(FakeServer server, Sink one, Sink two) throws Exception {
        ListenerHub hub = hub();
        assertEquals(HubState.IDLE, hub.state());
        CompletableFuture<Void> a1 = hub.listen("a", one);
        assertEquals(HubState.CONNECTING, hub.state());
        CompletableFuture<Void> a2 = hub.listen("a", two);
        CompletableFuture<Void> b2 = hub.listen("b", two);
        assertEquals(1, connects.size(), "one connection for every waiting listen");
        connects.poll().complete(server.conn);
        assertEquals(HubState.LISTENING, hub.state());
        List<String> sent = server.answerAll();
        assertEquals(3, sent.size(), sent.toString());
        assertTrue(sent.get(0).startsWith("SET application_name TO 'switchboard listener db/user'"), sent.get(0));
        assertEquals(List.of("LISTEN \"a\"", "LISTEN \"b\""), sent.subList(1, 3));
        done(a1);
        done(a2);
        done(b2);
        assertEquals(java.util.Set.of("a", "b"), hub.channels());
        return hub;
    }

    @Test
    void lostServerIsReplacedAndEveryChannelListenedAgain() throws Exception {
        Sink one = new Sink();
        Sink two = new Sink();
        FakeServer first = new FakeServer("n1:5432");
        ListenerHub hub = listeningOn(first, one, two);
        first.notify("a", "before");

        first.drop();
        assertEquals(HubState.RETRY_WAIT, hub.state());
        assertEquals(List.of(0), policyCalls, "the policy is asked at once after the loss");
        assertEquals(java.util.Set.of(), hub.channels(), "nothing is listened while no server is there");
        assertEquals(2, hub.listenerCount("a"), "registrations stay");
        assertEquals(1, hub.listenerCount("b"));

        // A client joining now waits for the LISTEN on the next server.
        Sink three = new Sink();
        CompletableFuture<Void> a3 = hub.listen("a", three);
        assertFalse(a3.isDone());

        retries.poll().complete(null);
        assertEquals(HubState.RECONNECTING, hub.state());
        connects.poll().completeExceptionally(new RuntimeException("connection refused"));
        assertEquals(HubState.RETRY_WAIT, hub.state());
        assertEquals(List.of(0, 1), policyCalls, "a failed attempt asks the policy again");

        retries.poll().complete(null);
        FakeServer second = new FakeServer("n2:5432");
        connects.poll().complete(second.conn);
        assertEquals(HubState.LISTENING, hub.state());
        List<String> sent = second.queries();
        assertEquals(List.of("LISTEN \"a\"", "LISTEN \"b\""), sent.subList(1, sent.size()),
                "every subscribed channel, once, after the setup");
        assertFalse(a3.isDone(), "the joiner waits for the server to confirm");
        second.answer(sent.size());
        done(a3);
        assertEquals(java.util.Set.of("a", "b"), hub.channels());

        second.notify("a", "after");
        second.notify("b", "after");
        assertEquals(List.of("a|before", "a|after"), one.received);
        assertEquals(List.of("a|before", "a|after", "b|after"), two.received);
        assertEquals(List.of("a|after"), three.received);
        assertEquals(1, one.resumed.size(), "told once that notifications may be missing");
        assertEquals(1, two.resumed.size(), "told once, though it listens on two channels");
        assertEquals(List.of(), three.resumed, "it joined after the loss: it missed nothing");
        assertTrue(one.resumed.get(0).contains("fake@n2:5432") && one.resumed.get(0).contains("fake@n1:5432"),
                one.resumed.get(0));
        List.of(one, two, three).forEach(s -> assertEquals(List.of(), s.lost));
        hub.close();
        assertEquals(HubState.CLOSED, hub.state());
    }

    @Test
    void whatWasInFlightOnTheLostServerIsSettled() throws Exception {
        Sink one = new Sink();
        Sink two = new Sink();
        FakeServer first = new FakeServer("n1:5432");
        ListenerHub hub = listeningOn(first, one, two);
        CompletableFuture<Void> c1 = hub.listen("c", one);
        CompletableFuture<Void> unlistenB = hub.unlisten("b", two);
        CompletableFuture<List<String>> probe = hub.probe("SELECT 1");
        assertEquals(List.of("LISTEN \"c\"", "UNLISTEN \"b\"", "SELECT 1"), first.queries());

        first.drop();
        done(unlistenB); // the next server never listens on b
        assertTrue(failure(probe).contains("lost its server connection fake@n1:5432"), failure(probe));
        assertFalse(c1.isDone(), "the LISTEN of c waits for the next server");

        retries.poll().complete(null);
        FakeServer second = new FakeServer("n2:5432");
        connects.poll().complete(second.conn);
        List<String> sent = second.answerAll();
        assertEquals(List.of("LISTEN \"a\"", "LISTEN \"c\""), sent.subList(1, sent.size()));
        done(c1);
        assertEquals(java.util.Set.of("a", "c"), hub.channels());
        assertEquals(1, one.resumed.size(), "its listen on a went on; c was never listened before");
        assertEquals(1, two.resumed.size(), "it left b but still listens on a");
    }

    @Test
    void policyRefusalEndsEveryListen() throws Exception {
        Sink one = new Sink();
        Sink two = new Sink();
        FakeServer first = new FakeServer("n1:5432");
        ListenerHub hub = listeningOn(first, one, two);
        first.drop();
        Sink late = new Sink();
        CompletableFuture<Void> waiting = hub.listen("z", late);

        retries.poll().completeExceptionally(new IllegalStateException("no primary took it within 10000 ms"));
        assertEquals(HubState.IDLE, hub.state());
        assertEquals(1, one.lost.size());
        assertEquals(1, two.lost.size());
        assertTrue(one.lost.get(0).startsWith("listener hub db/user lost its server connection fake@n1:5432")
                && one.lost.get(0).endsWith("(no primary took it within 10000 ms)"), one.lost.get(0));
        assertTrue(failure(waiting).contains("no primary took it"), failure(waiting));
        assertEquals(List.of(), late.lost, "its listen never went live: the failed future tells it");
        assertEquals(0, hub.listenerCount("a"));

        // Nothing is left of the old registrations; a new LISTEN starts from scratch.
        CompletableFuture<Void> again = hub.listen("a", one);
        assertEquals(HubState.CONNECTING, hub.state());
        FakeServer second = new FakeServer("n2:5432");
        connects.poll().complete(second.conn);
        assertEquals(List.of("LISTEN \"a\""), second.answerAll().subList(1, 2));
        done(again);
    }

    @Test
    void lossWithNobodyListeningGoesIdle() throws Exception {
        Sink one = new Sink();
        Sink two = new Sink();
        FakeServer first = new FakeServer("n1:5432");
        ListenerHub hub = listeningOn(first, one, two);
        hub.removeAll(one);
        hub.removeAll(two);
        first.answerAll();
        first.drop();
        assertEquals(HubState.IDLE, hub.state());
        assertEquals(List.of(), policyCalls, "nothing to listen again: no reconnect");
        assertEquals(List.of(), one.lost);
    }

    @Test
    void closeWhileReconnectingClosesTheLateConnection() throws Exception {
        Sink one = new Sink();
        Sink two = new Sink();
        FakeServer first = new FakeServer("n1:5432");
        ListenerHub hub = listeningOn(first, one, two);
        first.drop();
        retries.poll().complete(null);
        assertEquals(HubState.RECONNECTING, hub.state());
        hub.close();
        assertEquals(HubState.CLOSED, hub.state());
        assertEquals(List.of("listener hub db/user closed"), one.lost);
        FakeServer late = new FakeServer("n2:5432");
        connects.poll().complete(late.conn);
        assertFalse(late.channel.isActive(), "a connection that arrives after close is closed");
        assertEquals(List.of(), late.queries());
    }

    @Test
    void closeWhileWaitingIgnoresThePolicyLater() throws Exception {
        Sink one = new Sink();
        Sink two = new Sink();
        FakeServer first = new FakeServer("n1:5432");
        ListenerHub hub = listeningOn(first, one, two);
        first.drop();
        hub.close();
        retries.poll().complete(null);
        assertEquals(HubState.CLOSED, hub.state());
        assertTrue(connects.isEmpty(), "no attempt after close");
    }

    @Test
    void leavingAnExcludedNodeListensAgainElsewhere() throws Exception {
        Sink one = new Sink();
        Sink two = new Sink();
        FakeServer first = new FakeServer("n1:5432");
        ListenerHub hub = listeningOn(first, one, two);
        hub.leave("n9:5432");
        assertEquals(HubState.LISTENING, hub.state(), "another node: nothing to do");
        hub.leave("n1:5432");
        assertFalse(first.channel.isActive());
        first.drop(); // the backend handler reports the close it caused
        assertEquals(HubState.RETRY_WAIT, hub.state());
    }

    @Test
    void aSuccessorLostBeforeListeningAgainKeepsTheFirstLossTime() throws Exception {
        Sink one = new Sink();
        Sink two = new Sink();
        FakeServer first = new FakeServer("n1:5432");
        ListenerHub hub = listeningOn(first, one, two);
        first.drop();
        retries.poll().complete(null);
        FakeServer second = new FakeServer("n2:5432");
        connects.poll().complete(second.conn);
        second.queries(); // sent, never answered
        second.drop();
        assertEquals(HubState.RETRY_WAIT, hub.state());
        assertEquals(List.of(0, 0), policyCalls);
        assertEquals(lossTimes.get(0), lossTimes.get(1), "the same gap: the policy's deadline does not start again");

        retries.poll().complete(null);
        FakeServer third = new FakeServer("n3:5432");
        connects.poll().complete(third.conn);
        assertEquals(List.of("LISTEN \"a\"", "LISTEN \"b\""), third.answerAll().subList(1, 3));
        assertEquals(2, one.resumed.size(), "told on each new server");
        assertEquals(List.of(), one.lost);
    }

    @Test
    void followingAWriteTargetElsewhereListensAgainThere() throws Exception {
        Sink one = new Sink();
        Sink two = new Sink();
        FakeServer first = new FakeServer("n1:5432");
        ListenerHub hub = listeningOn(first, one, two);
        hub.follow("n1:5432");
        assertEquals(HubState.LISTENING, hub.state(), "already there");
        hub.follow("n2:5432");
        assertFalse(first.channel.isActive());
        first.drop();
        retries.poll().complete(null);
        FakeServer second = new FakeServer("n2:5432");
        connects.poll().complete(second.conn);
        assertEquals(List.of("LISTEN \"a\"", "LISTEN \"b\""), second.answerAll().subList(1, 3));
        assertEquals(HubState.LISTENING, hub.state());
        assertEquals(java.util.Set.of("a", "b"), hub.channels());
    }

    @Test
    void aReLISTENTheNewServerRefusesEndsThatChannelsListens() throws Exception {
        Sink one = new Sink();
        Sink two = new Sink();
        FakeServer first = new FakeServer("n1:5432");
        ListenerHub hub = listeningOn(first, one, two);
        first.drop();
        retries.poll().complete(null);
        FakeServer second = new FakeServer("n2:5432");
        connects.poll().complete(second.conn);
        assertEquals(3, second.queries().size());
        second.answer(1); // the setup
        second.send(dev.switchboard.protocol.backend.ErrorResponse.error("25006",
                "cannot execute LISTEN during recovery"));
        second.send(ReadyForQuery.IDLE);
        second.answer(1); // LISTEN "b"
        assertEquals(java.util.Set.of("b"), hub.channels());
        assertEquals(0, hub.listenerCount("a"));
        assertEquals(1, one.lost.size());
        assertTrue(one.lost.get(0).contains("25006"), one.lost.get(0));
        assertEquals(1, two.lost.size(), "two lost its listen on a");
        assertEquals(1, hub.listenerCount("b"), "and keeps b");
    }
}

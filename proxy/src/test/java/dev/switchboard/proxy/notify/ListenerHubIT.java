// ListenerHubIT: a listener hub against real PostgreSQL 18 fans NOTIFYs out exactly once, in order, and recovers.
package dev.switchboard.proxy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.embedded.PgNode;
import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.backend.NotificationResponse;
import dev.switchboard.proxy.Transport;
import dev.switchboard.proxy.backend.BackendConnector;
import dev.switchboard.proxy.it.Await;
import dev.switchboard.proxy.it.LeakRecorder;
import dev.switchboard.proxy.it.TestCluster;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ListenerHubIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static EventLoopGroup group;
    private static PgNode primary;
    private static Connection notifier;
    private final List<ListenerHub> hubs = new ArrayList<>();

    /** Records what it is given as "channel|payload" and releases every buffer. */
    static final class RecordingSink implements NotificationSink {
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final List<String> lost = Collections.synchronizedList(new ArrayList<>());
        final List<String> malformed = Collections.synchronizedList(new ArrayList<>());
        final List<String> resumed = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void deliver(ByteBuf message) {
            try {
                int at = message.readerIndex();
                if (message.getByte(at) != BackendType.NOTIFICATION_RESPONSE
                        || message.getInt(at + 1) != message.readableBytes() - 1) {
                    malformed.add(message.toString());
                    return;
                }
                NotificationResponse n = NotificationResponse.decode(
                        message.slice(at + Frame.HEADER_SIZE, message.readableBytes() - Frame.HEADER_SIZE));
                received.add(n.channel() + "|" + n.payload());
            } finally {
                message.release();
            }
        }

        @Override
        public void hubResumed(String message) {
            resumed.add(message);
        }

        @Override
        public void hubLost(String reason) {
            lost.add(reason);
        }

        int count() {
            return received.size();
        }

        List<String> snapshot() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }
    }

    @BeforeAll
    static void start() throws SQLException {
        primary = TestCluster.get().primary();
        group = Transport.detect().newGroup(1);
        notifier = DriverManager.getConnection("jdbc:postgresql://" + primary.host() + ":" + primary.port() + "/app",
                "app", "app");
    }

    @AfterEach
    void closeHubs() {
        hubs.forEach(ListenerHub::close);
        for (ListenerHub hub : hubs) {
            Await.until("hub " + hub.name() + " closed its server connection", WAIT, () -> hubBackends(hub) == 0);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
        LeakRecorder.assertNoLeaks();
    }

    private ListenerHub hub(PgNode node, int port, String name) {
        return hub(node, port, name, ReconnectPolicy.NEVER);
    }

    private ListenerHub hub(PgNode node, int port, String name, ReconnectPolicy reconnect) {
        BackendConnector connector = new BackendConnector(Transport.detect(), group,
                new BackendConnector.Target(node.host(), port, "app", "app", "app"), Duration.ofSeconds(5), 1 << 30);
        ListenerHub hub = new ListenerHub(name, connector::connect, reconnect);
        hubs.add(hub);
        return hub;
    }

    private ListenerHub hub(String name) {
        return hub(primary, primary.port(), name);
    }

    private static void notify(String channel, String payload) throws SQLException {
        try (PreparedStatement st = notifier.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, channel);
            st.setString(2, payload);
            st.execute();
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Statement st = notifier.createStatement()) {
            st.execute(sql);
        }
    }

    private static int hubBackends(ListenerHub hub) {
        String count = primary.query("app", "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                + HubCommand.applicationName(hub.name()).replace("'", "''") + "'").get(0).get(0);
        return Integer.parseInt(count);
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<RecordingSink> sinks(int n) {
        return IntStream.range(0, n).mapToObj(i -> new RecordingSink()).toList();
    }

    private static void listenAll(ListenerHub hub, String channel, List<RecordingSink> sinks) throws Exception {
        get(CompletableFuture.allOf(sinks.stream().map(s -> hub.listen(channel, s)).toArray(CompletableFuture[]::new)));
    }

    private static String payload(String tag, int i) {
        return tag + " #" + i + " ü€ 'quoted' \"double\" \\back\\ " + "x".repeat(i * 20);
    }

    @Test
    void everySinkGetsItsNotificationsOnceInOrderAndLeavingStopsThem() throws Exception {
        ListenerHub hub = hub("fanout");
        List<RecordingSink> fan = sinks(100);
        List<RecordingSink> other = sinks(10);
        listenAll(hub, "fan", fan);
        listenAll(hub, "other", other);
        assertEquals(Set.of("fan", "other"), hub.channels());
        assertEquals(100, hub.listenerCount("fan"));
        assertEquals(10, hub.listenerCount("other"));
        assertEquals(1, hubBackends(hub), "one server connection serves every listener");

        List<String> expectFan = new ArrayList<>();
        List<String> expectOther = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            notify("fan", payload("fan", i));
            notify("other", payload("other", i));
            expectFan.add("fan|" + payload("fan", i));
            expectOther.add("other|" + payload("other", i));
        }
        // A last notification on each channel: once it is in, everything before it is too (one ordered stream).
        notify("fan", "end");
        notify("other", "end");
        expectFan.add("fan|end");
        expectOther.add("other|end");
        Await.until("every sink received 51 notifications", WAIT, () -> fan.stream().allMatch(s -> s.count() >= 51)
                && other.stream().allMatch(s -> s.count() >= 51));
        fan.forEach(s -> assertEquals(expectFan, s.snapshot()));
        other.forEach(s -> assertEquals(expectOther, s.snapshot()));

        // One sink leaves: the others still get "after", it does not.
        RecordingSink leaver = fan.get(0);
        get(hub.unlisten("fan", leaver));
        assertEquals(99, hub.listenerCount("fan"));
        notify("fan", "after");
        Await.until("the remaining fan sinks received 'after'", WAIT,
                () -> fan.stream().skip(1).allMatch(s -> s.count() == 52));
        assertEquals(51, leaver.count(), "a sink that left gets nothing more");

        // The last sink of "other" leaves: the server stops listening on it.
        for (RecordingSink s : other) {
            get(hub.unlisten("*", s));
        }
        assertEquals(Set.of("fan"), hub.channels());
        assertEquals(0, hub.listenerCount("other"));
        assertEquals(List.of("fan"), get(hub.probe("SELECT pg_listening_channels()")));
        notify("other", "nobody");
        notify("fan", "barrier");
        Await.until("fan sinks received the barrier", WAIT, () -> fan.stream().skip(1).allMatch(s -> s.count() == 53));
        other.forEach(s -> assertEquals(51, s.count()));

        // Everybody leaves through removeAll (a client disconnecting).
        fan.forEach(hub::removeAll);
        Await.until("no channel left", WAIT, () -> hub.channels().isEmpty() && hub.listenerCount("fan") == 0);
        assertEquals(List.of(), get(hub.probe("SELECT pg_listening_channels()")));
        fan.forEach(s -> assertEquals(List.of(), s.malformed));
        fan.forEach(s -> assertEquals(List.of(), s.lost));
    }

    @Test
    void terminatedServerTellsEverySinkAndTheNextListenReconnects() throws Exception {
        ListenerHub hub = hub("terminate");
        List<RecordingSink> a = sinks(5);
        List<RecordingSink> b = sinks(2);
        listenAll(hub, "t1", a);
        listenAll(hub, "t2", b);
        int pid = get(hub.serverPid());
        assertTrue(pid > 0);
        assertEquals("t", primary.queryValue("SELECT pg_terminate_backend(" + pid + ")"));

        List<RecordingSink> all = new ArrayList<>(a);
        all.addAll(b);
        Await.until("hubLost on every sink", WAIT, () -> all.stream().allMatch(s -> s.lost.size() == 1));
        for (RecordingSink s : all) {
            String reason = s.lost.get(0);
            assertTrue(reason.startsWith("listener hub terminate lost its server connection")
                    && reason.contains("57P01"), reason);
        }
        assertEquals(Set.of(), hub.channels());
        assertEquals(0, hub.listenerCount("t1"));

        RecordingSink late = new RecordingSink();
        get(hub.listen("t1", late));
        int newPid = get(hub.serverPid());
        assertNotEquals(pid, newPid, "a new server connection");
        notify("t1", "again");
        Await.until("the new listener got the notification", WAIT, () -> late.count() == 1);
        assertEquals(List.of("t1|again"), late.snapshot());
        all.forEach(s -> assertEquals(0, s.count(), "listens lost with the old connection stay lost"));
        all.forEach(s -> assertEquals(1, s.lost.size()));
    }

    @Test
    void aReconnectingHubListensAgainOnEveryChannelOfATerminatedServer() throws Exception {
        ListenerHub hub = hub(primary, primary.port(), "resume",
                (failures, lostAt) -> failures < 3 ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.failedFuture(new IllegalStateException("three attempts failed")));
        List<RecordingSink> a = sinks(3);
        List<RecordingSink> b = sinks(2);
        listenAll(hub, "r1", a);
        listenAll(hub, "r2", b);
        listenAll(hub, "r2", a.subList(0, 1));
        int pid = get(hub.serverPid());
        assertEquals("t", primary.queryValue("SELECT pg_terminate_backend(" + pid + ")"));

        // The terminated backend may linger a moment: the new server is the one with another pid.
        Await.until("listening again on a new server", WAIT, () -> {
            int now = hub.serverPid().join();
            return now != pid && now != 0 && hub.state() == HubState.LISTENING
                    && hub.channels().equals(Set.of("r1", "r2")) && hubBackends(hub) == 1;
        });
        assertEquals(List.of("r1", "r2"), get(hub.probe("SELECT pg_listening_channels() ORDER BY 1")));
        notify("r1", "after");
        notify("r2", "after");
        List<RecordingSink> all = new ArrayList<>(a);
        all.addAll(b);
        Await.until("everyone got what was sent after", WAIT, () -> a.get(0).count() == 2
                && all.stream().allMatch(s -> s.count() == (s == a.get(0) ? 2 : 1)));
        assertEquals(List.of("r1|after", "r2|after"), a.get(0).snapshot());
        assertEquals(List.of("r2|after"), b.get(0).snapshot());
        for (RecordingSink s : all) {
            assertEquals(List.of(), s.lost);
            assertEquals(1, s.resumed.size(), "told once that notifications may be missing");
            assertTrue(s.resumed.get(0).contains("57P01") && s.resumed.get(0).contains("may have been lost"),
                    s.resumed.get(0));
        }
    }

    @Test
    void quotedUppercaseAndLongChannelNames() throws Exception {
        ListenerHub hub = hub("names");
        String quoted = "Mixed\"Quote";
        String upper = "UPPER";
        String spaced = "with space; DROP TABLE x";
        String unicode = "ünïcödé";
        String longName = "L".repeat(70);
        String cut = "L".repeat(63);
        RecordingSink sink = new RecordingSink();
        for (String c : List.of(quoted, upper, spaced, unicode, longName)) {
            get(hub.listen(c, sink));
        }
        assertEquals(Set.of(quoted, upper, spaced, unicode, cut), hub.channels());
        assertEquals(1, hub.listenerCount(cut));
        assertEquals(Set.of(quoted, upper, spaced, unicode, cut),
                Set.copyOf(get(hub.probe("SELECT pg_listening_channels()"))));

        notify(quoted, "1");
        execute("NOTIFY \"Mixed\"\"Quote\", '2'");
        notify(upper, "3");
        execute("NOTIFY upper, 'folded to lower: not ours'");
        notify(spaced, "4");
        notify(unicode, "5");
        execute("NOTIFY \"" + longName + "\", '6'"); // the scanner cuts the identifier like LISTEN did
        notify(upper, "end");
        Await.until("all notifications arrived", WAIT, () -> sink.snapshot().contains("UPPER|end"));
        assertEquals(List.of(quoted + "|1", quoted + "|2", "UPPER|3", spaced + "|4", unicode + "|5", cut + "|6",
                "UPPER|end"), sink.snapshot());

        get(hub.unlisten("*", sink));
        assertEquals(Set.of(), hub.channels());
        assertEquals(List.of(), get(hub.probe("SELECT pg_listening_channels()")));
    }

    @Test
    void listenRefusedByTheServerFailsWithItsSqlState() throws Exception {
        PgNode standby = TestCluster.get().standbys().get(0);
        ListenerHub hub = hub(standby, standby.port(), "standby");
        RecordingSink sink = new RecordingSink();
        ListenerHubException e = failure(hub.listen("ch", sink));
        assertEquals("25006", e.sqlState());
        assertTrue(e.getMessage().startsWith("LISTEN \"ch\" failed on listener hub standby: ERROR 25006 "),
                e.getMessage());
        assertEquals(0, hub.listenerCount("ch"));
        assertEquals(Set.of(), hub.channels());
        // The connection is still fine for the next command.
        assertEquals(List.of("t"), get(hub.probe("SELECT pg_is_in_recovery()")));
        assertEquals("25006", failure(hub.listen("other", sink)).sqlState());
        assertEquals(List.of(), sink.lost);
    }

    @Test
    void unreachableServerFailsTheListen() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ListenerHub hub = hub(primary, port, "unreachable");
        ListenerHubException e = failure(hub.listen("ch", new RecordingSink()));
        assertEquals("08006", e.sqlState());
        assertTrue(e.getMessage().startsWith("listener hub unreachable could not connect to the server: "),
                e.getMessage());
        assertEquals(0, hub.listenerCount("ch"));
    }

    @Test
    void churnOfListenAndUnlistenEndsInTheLastState() throws Exception {
        ListenerHub hub = hub("churn");
        RecordingSink sink = new RecordingSink();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(hub.listen("churn", sink));
            all.add(hub.unlisten("churn", sink));
        }
        all.add(hub.listen("churn", sink));
        for (CompletableFuture<Void> f : all) {
            get(f);
        }
        assertEquals(Set.of("churn"), hub.channels());
        assertEquals(List.of("churn"), get(hub.probe("SELECT pg_listening_channels()")));
        notify("churn", "x");
        Await.until("the sink got the notification", WAIT, () -> sink.count() == 1);
        get(hub.unlisten("churn", sink));
        assertEquals(List.of(), get(hub.probe("SELECT pg_listening_channels()")));
    }

    @Test
    void aThrowingSinkDoesNotStopTheOthers() throws Exception {
        ListenerHub hub = hub("throwing");
        NotificationSink throwing = new NotificationSink() {
            @Override
            public void deliver(ByteBuf message) {
                message.release();
                throw new IllegalStateException("sink failure expected by the test");
            }

            @Override
            public void hubResumed(String message) {
            }

            @Override
            public void hubLost(String reason) {
            }
        };
        RecordingSink good = new RecordingSink();
        get(hub.listen("t", throwing));
        get(hub.listen("t", good));
        notify("t", "1");
        notify("t", "2");
        Await.until("the good sink got both", WAIT, () -> good.count() == 2);
        assertEquals(List.of("t|1", "t|2"), good.snapshot());
    }

    @Test
    void closeTellsSinksAndEndsTheServerConnection() throws Exception {
        ListenerHub hub = hub("closing");
        RecordingSink sink = new RecordingSink();
        get(hub.listen("c", sink));
        assertEquals(1, hubBackends(hub));
        hub.close();
        Await.until("hubLost after close", WAIT, () -> sink.lost.size() == 1);
        assertEquals("listener hub closing closed", sink.lost.get(0));
        Await.until("the hub's server connection is gone", WAIT, () -> hubBackends(hub) == 0);
        assertEquals("08006", failure(hub.listen("c", sink)).sqlState());
    }

    private static ListenerHubException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(future));
        assertTrue(e.getCause() instanceof ListenerHubException, () -> "expected ListenerHubException, got " + e.getCause());
        return (ListenerHubException) e.getCause();
    }
}

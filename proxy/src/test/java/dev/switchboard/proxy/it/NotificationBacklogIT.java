// NotificationBacklogIT: a transaction-mode listener that never reads is cut off with 53200; the others get everything.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class NotificationBacklogIT {
    private static final int LIMIT = 1000;
    /** Far beyond what the socket buffers of a client that does not read take, plus the limit. */
    private static final int BATCHES = 8;
    private static final int PER_BATCH = 750;
    private static final int TOTAL = BATCHES * PER_BATCH;
    private static final int PAYLOAD = 7000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        proxy = ProxyHarness.config().pool("mode: transaction", "size: 4", "wait_timeout: 60s")
                .limits("max_queued_notifications: " + LIMIT)
                .user("wire", "auth: trust", "backend_user: app").start();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    private static double meter(String name) {
        MeterRegistry meters = proxy.server().context().meters();
        var gauge = meters.find(name).gauge();
        if (gauge != null) {
            return gauge.value();
        }
        var counter = meters.find(name).counter();
        assertNotNull(counter, "no meter " + name);
        return counter.count();
    }

    /** Reads notifications until {@code TOTAL} came; returns their sequence numbers in arrival order. */
    private static List<Integer> readAll(Connection c) throws Exception {
        List<Integer> seen = new ArrayList<>();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (seen.size() < TOTAL) {
            PGNotification[] batch = pg.getNotifications(200);
            if (batch == null) {
                continue;
            }
            for (PGNotification n : batch) {
                String payload = n.getParameter();
                seen.add(Integer.parseInt(payload.substring(0, payload.indexOf(' '))));
            }
        }
        return seen;
    }

    @Test
    void aListenerThatDoesNotReadIsCutOffAndTheOthersGetEverything() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try (RawClient slow = RawClient.connectWithReceiveBuffer(proxy.port(), 4096);
             Connection fast1 = proxy.connect("app", "app");
             Connection fast2 = proxy.connect("app", "app");
             Connection sender = DriverManager.getConnection("jdbc:postgresql://" + TestCluster.primaryAddress()
                     + "/app", "app", "app")) {
            slow.login("wire", "app");
            List<RawClient.Message> listened = slow.query("LISTEN flood");
            assertTrue(listened.stream().noneMatch(RawClient.Message::isError), listened.toString());
            for (Connection c : List.of(fast1, fast2)) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN flood");
                }
            }
            List<Future<List<Integer>>> received = List.of(readers.submit(() -> readAll(fast1)),
                    readers.submit(() -> readAll(fast2)));

            // The slow client reads nothing from here on.
            try (Statement st = sender.createStatement()) {
                for (int b = 0; b < BATCHES; b++) {
                    st.execute("SELECT pg_notify('flood', i || ' ' || repeat('x', " + PAYLOAD + ")) FROM generate_series("
                            + (b * PER_BATCH + 1) + ", " + (b + 1) * PER_BATCH + ") AS i");
                }
            }

            List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, TOTAL).boxed().toList();
            for (Future<List<Integer>> r : received) {
                assertEquals(expected, r.get(120, TimeUnit.SECONDS), "every notification, once, in order");
            }
            Await.until("the slow client cut off", WAIT, () -> meter("switchboard.notifications.overflows") == 1);
            assertTrue(meter("switchboard.notifications.waiting.peak") <= LIMIT,
                    "no client ever had more than the limit waiting: " + meter("switchboard.notifications.waiting.peak"));
            assertTrue(meter("switchboard.notifications.dropped") > 0);

            // Now it reads: what the socket and the proxy held, then the error, then the end.
            RawClient.Ending ending = slow.awaitClose(Duration.ofSeconds(60));
            List<RawClient.Message> messages = ending.messages();
            RawClient.Message last = messages.get(messages.size() - 1);
            assertEquals('E', last.type(), "the last message is the error: " + last);
            assertEquals("FATAL", last.severity());
            assertEquals("53200", last.sqlState());
            assertTrue(last.text().contains("notifications for this client were dropped")
                    && last.text().contains("did not read them"), last.text());
            long notifications = messages.stream().filter(m -> m.type() == 'A').count();
            assertTrue(notifications < TOTAL, "the slow client got " + notifications + " of " + TOTAL);
            assertEquals(messages.size() - 1, notifications, "nothing but notifications before the error");

            // The others carry on.
            try (Statement st = sender.createStatement()) {
                st.execute("NOTIFY flood, '0 after'");
            }
            Await.until("the others still listen", WAIT, () -> {
                PGNotification[] n = fast1.unwrap(PGConnection.class).getNotifications(200);
                return n != null && n.length == 1 && n[0].getParameter().equals("0 after");
            });
            Await.until("nothing waits any more", WAIT, () -> meter("switchboard.notifications.waiting") == 0);
        } finally {
            readers.shutdownNow();
        }
    }
}

// ReadYourWritesLateSyncIT: the rest of a read that arrives while its standby is being checked waits for the check.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.embedded.PgNode;
import dev.switchboard.proxy.it.Await;
import dev.switchboard.proxy.it.ExternalProgram;
import dev.switchboard.proxy.it.RawClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With read_your_writes, a read sent to a standby the snapshot cannot vouch for waits for the standby's own
 * answer ("have you replayed the client's commit?"); when the answer is no, the read goes to the primary. A
 * client may send its request in more than one TCP segment — here Parse/Bind/Describe/Execute, then Sync
 * while the check is still out — and the late part must wait for the check like the rest: sent straight to
 * the standby, the request would run there (stale) and, once the check says no and the standby is given
 * back, its answer would be lost and the client left waiting forever.
 *
 * <p>To hold the check open deterministically, the standby's server process for the proxy is stopped
 * (SIGSTOP) while the request is sent and resumed (SIGCONT) once the proxy has read the Sync. The standby
 * applies WAL one second late, so it has not replayed the client's insert when asked.
 */
class ReadYourWritesLateSyncIT {
    private static final Duration ANSWER = Duration.ofSeconds(15);

    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(1, Map.of("synchronous_commit", "on"));
    private static PgNode standby;

    @BeforeAll
    static void setUp() {
        standby = fixture.standby(0);
        standby.setSettingAndRestart("recovery_min_apply_delay", "1s");
        standby.awaitStreaming();
        fixture.primary().query("app", "CREATE TABLE ryw (id int PRIMARY KEY, v text NOT NULL)");
        fixture.startProxy("{ mode: transaction, size: 5, wait_timeout: 30s }",
                "app_ryw: { cluster: main, dbname: app, target: prefer-standby, read_your_writes: true }");
    }

    @Test
    void aSyncArrivingDuringTheReplayCheckWaitsForIt() throws Exception {
        try (RawClient client = RawClient.connect(fixture.proxy().port())) {
            client.login(TopologyFixture.WIRE_USER, "app_ryw");
            // Before the client's first write any standby may serve it: this opens the one server connection
            // the proxy will lease on the standby later, whose process the test can then pause.
            List<RawClient.Message> first = exchange(client, RawClient.queryMessage("SELECT pg_is_in_recovery()"));
            assertEquals(List.of("t"), dataRows(first).get(0), "the first read should run on the standby");
            String pid = standby.query("app", "SELECT pid FROM pg_stat_activity WHERE usename = 'app'"
                    + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()").get(0).get(0);

            exchange(client, RawClient.queryMessage("INSERT INTO ryw VALUES (1, 'one')"));
            // The proxy reads the commit's position on the primary after the insert, then gives the server back.
            Await.until("the primary server back in its pool", ANSWER,
                    () -> fixture.poolConnections("active", fixture.primary()) == 0);

            signal("STOP", pid);
            try {
                client.send(RawClient.parse("SELECT (SELECT v FROM ryw WHERE id = 1), pg_is_in_recovery()"),
                        RawClient.bind(), RawClient.describePortal(), RawClient.execute());
                Await.until("the standby leased for the replay check", ANSWER,
                        () -> fixture.poolConnections("active", standby) == 1);
                client.send(RawClient.sync());
                client.awaitReadByServer(ANSWER);
            } finally {
                signal("CONT", pid);
            }
            List<RawClient.Message> answer = client.readUntilReady(ANSWER);
            List<List<String>> rows = dataRows(answer);
            System.out.println("[read-your-writes late sync] answer " + answer + ", rows " + rows);
            assertEquals(1, rows.size(), "one row expected: " + answer);
            assertEquals("one", rows.get(0).get(0), "the read must see the client's insert: " + answer);
        }
    }

    private static List<RawClient.Message> exchange(RawClient client, byte[] message) throws Exception {
        client.send(message);
        List<RawClient.Message> reply = client.readUntilReady(ANSWER);
        if (reply.stream().anyMatch(m -> m.type() == 'E')) {
            throw new AssertionError("error reply: " + reply);
        }
        return reply;
    }

    private static List<List<String>> dataRows(List<RawClient.Message> messages) {
        return messages.stream().filter(m -> m.type() == 'D').map(RawClient.Message::columns).toList();
    }

    /** Sends SIGSTOP or SIGCONT to a PostgreSQL server process (PostgreSQL runs as another user; tests as root). */
    private static void signal(String signal, String pid) {
        ExternalProgram.Result r = ExternalProgram.require("kill").run(Duration.ofSeconds(10), "-" + signal, pid);
        assertEquals(0, r.exitCode(), r.toString());
    }
}

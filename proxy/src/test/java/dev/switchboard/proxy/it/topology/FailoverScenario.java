// FailoverScenario: pgbench and a write probe through the proxy while the primary goes and a standby takes over.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.embedded.PgNode;
import dev.switchboard.proxy.it.Await;
import dev.switchboard.proxy.it.ExternalProgram;
import dev.switchboard.proxy.it.WriteProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run both failover tests share: primary and two standbys, the proxy in transaction mode with 20 servers,
 * {@code pgbench -c 50 -j 2 -T 15 -P 1} (TPC-B-like, simple protocol) and a {@link WriteProbe} through it.
 * Four seconds into pgbench the primary is lost (how is the test's choice), a standby is promoted and the
 * other re-pointed at it; pgbench runs to its end. The {@link Result} holds what was seen and the checks.
 */
final class FailoverScenario {
    static final int POOL_SIZE = 20;
    private static final int CLIENTS = 50;
    private static final int SECONDS = 15;
    private static final int LOSS_AFTER_SECONDS = 4;
    /** What the proxy tells a client whose transaction (or statement in flight) died with its server. */
    static final String LOST = "was lost during the transaction";
    private static final Pattern PROGRESS = Pattern.compile("(?m)^progress: (\\d+)\\.0 s, ([\\d.]+) tps");

    /** Chooses which standby to promote; the other one follows it. */
    interface Successor {
        PgNode choose(PgNode first, PgNode second);
    }

    private FailoverScenario() {
    }

    /** Runs the scenario on a fresh fixture with two standbys. */
    static Result run(TopologyFixture fixture, Consumer<PgNode> losePrimary, Successor successor) throws Exception {
        PgNode primary = fixture.primary();
        ExternalProgram.Result init = ExternalProgram.require("pgbench").run(
                List.of("-i", "-s", "1", "-q", TopologyFixture.directUri(primary)), Map.of(), null,
                Duration.ofSeconds(120));
        assertEquals(0, init.exitCode(), init.toString());
        primary.query("app", WriteProbe.TABLE);
        fixture.cluster().awaitStandbysCaughtUp();
        fixture.startProxy("{ mode: transaction, size: " + POOL_SIZE + ", wait_timeout: 30s }",
                "app: { cluster: main, dbname: app, target: read-write }");

        WriteProbe probe = WriteProbe.start(fixture.proxy().jdbcUrl("app"), "app", "app",
                Duration.ofSeconds(TopologyFixture.SOCKET_TIMEOUT_SECONDS));
        BackgroundPgbench pgbench = null;
        try {
            Await.until("a first probe write", Duration.ofSeconds(30),
                    () -> probe.outcomes().stream().anyMatch(WriteProbe.Outcome::ok));
            pgbench = BackgroundPgbench.start(fixture.proxy().uri("app", "app", "app"),
                    "-c", Integer.toString(CLIENTS), "-j", "2", "-T", Integer.toString(SECONDS), "-P", "1");
            pgbench.awaitProgress(LOSS_AFTER_SECONDS, Duration.ofSeconds(60));

            long lossAt = System.nanoTime();
            losePrimary.accept(primary);
            PgNode next = successor.choose(fixture.standby(0), fixture.standby(1));
            PgNode other = next == fixture.standby(0) ? fixture.standby(1) : fixture.standby(0);
            next.promote();
            long promotedAt = System.nanoTime();
            other.follow(next);

            BackgroundPgbench.Finished finished = pgbench.await(Duration.ofSeconds(SECONDS + 60));
            List<WriteProbe.Outcome> outcomes = probe.stop();
            return new Result(fixture, primary, next, lossAt, promotedAt, outcomes, finished);
        } finally {
            if (pgbench != null) {
                pgbench.kill();
            }
            probe.close();
        }
    }

    /** What one run saw, and the checks the failover tests make on it. */
    record Result(TopologyFixture fixture, PgNode oldPrimary, PgNode newPrimary, long lossAt, long promotedAt,
                  List<WriteProbe.Outcome> probe, BackgroundPgbench.Finished pgbench) {

        /** The first probe success on the new primary after the loss; fails when writes never resumed there. */
        WriteProbe.Outcome firstWriteOnNewPrimary() {
            WriteProbe.Outcome first = WriteProbe.firstSuccessOn(probe, newPrimary.port(), lossAt);
            assertNotNull(first, "no probe write succeeded on the new primary " + TopologyFixture.nodeId(newPrimary)
                    + " after the loss of the primary: " + WriteProbe.summary(probe) + "; failures: "
                    + WriteProbe.failures(probe));
            return first;
        }

        /** Milliseconds from promote() returning to the first probe write on the new primary (may be negative). */
        long promotionToFirstWriteMillis() {
            return (firstWriteOnNewPrimary().atNanos() - promotedAt) / 1_000_000;
        }

        /** (a) writes resume: a probe write succeeds after the promotion, within the failover hold time. */
        void assertWritesResumed() {
            assertTrue(probe.stream().anyMatch(o -> o.ok() && o.atNanos() > promotedAt),
                    "no probe write succeeded after the promotion: " + WriteProbe.failures(probe));
            long millis = promotionToFirstWriteMillis();
            assertTrue(millis < TopologyFixture.HOLD_TIMEOUT.toMillis(),
                    "first write on the new primary " + millis + " ms after the promotion, beyond failover.hold_timeout");
        }

        /**
         * (b) pgbench exited with 0 or 2 (2: clients aborted), and only clients holding a server — mid-transaction —
         * aborted, each with the proxy's "lost during the transaction" error.
         */
        void assertOnlyMidTransactionClientsAborted() {
            assertTrue(pgbench.exitCode() == 0 || pgbench.exitCode() == 2, pgbench.toString());
            for (String line : pgbench.errorLines()) {
                assertTrue(line.contains(LOST), "a pgbench client failed otherwise than mid-transaction: " + line
                        + "\nall errors: " + pgbench.groupedErrors());
            }
            assertTrue(pgbench.abortedClients() <= POOL_SIZE, pgbench.abortedClients()
                    + " clients aborted, but only the " + POOL_SIZE + " holding a server can be mid-transaction: "
                    + pgbench.groupedErrors());
            assertTrue(pgbench.processed() > 0, pgbench.toString());
            assertTrue(tpsAfter(promotedAt) > 0, "pgbench made no progress after the promotion\n" + pgbench);
        }

        /** (c) the probe failed only with statements in flight when the server went. */
        void assertProbeFailedOnlyInFlight() {
            for (WriteProbe.Outcome failure : WriteProbe.failures(probe)) {
                assertTrue(failure.error().contains(LOST), "a probe statement failed otherwise than in flight: "
                        + failure.error());
            }
        }

        /** (d) every row the probe wrote after the promotion is on the new primary, and was written there. */
        void assertPostPromotionRowsOnNewPrimary() throws SQLException {
            List<WriteProbe.Outcome> after = probe.stream().filter(o -> o.ok() && o.atNanos() > promotedAt).toList();
            for (WriteProbe.Outcome o : after) {
                assertEquals(newPrimary.port(), o.port(), "a probe write after the promotion ran elsewhere: " + o);
            }
            Set<Long> ids = new HashSet<>();
            after.forEach(o -> ids.add(o.id()));
            assertEquals(Set.of(), missingOn(newPrimary, ids), "probe rows written after the promotion, missing on "
                    + TopologyFixture.nodeId(newPrimary));
        }

        /** Probe rows acknowledged before the loss that the new primary does not have (printed, not asserted). */
        int acknowledgedBeforeLossMissing() throws SQLException {
            Set<Long> ids = new HashSet<>();
            probe.stream().filter(o -> o.ok() && o.atNanos() < lossAt).forEach(o -> ids.add(o.id()));
            return missingOn(newPrimary, ids).size();
        }

        private Set<Long> missingOn(PgNode node, Set<Long> ids) throws SQLException {
            Set<Long> missing = new HashSet<>(ids);
            try (Connection c = fixture.connectDirect(node);
                 PreparedStatement select = c.prepareStatement("SELECT id FROM probe WHERE id = ANY (?)")) {
                select.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        missing.remove(rs.getLong(1));
                    }
                }
            }
            return missing;
        }

        /** pgbench's transactions per second summed over the progress reports after {@code instant}. */
        private double tpsAfter(long instant) {
            long secondsAfterLoss = (instant - lossAt) / 1_000_000_000L;
            int fromSecond = LOSS_AFTER_SECONDS + (int) secondsAfterLoss + 1;
            double sum = 0;
            Matcher m = PROGRESS.matcher(pgbench.stderr());
            while (m.find()) {
                if (Integer.parseInt(m.group(1)) > fromSecond) {
                    sum += Double.parseDouble(m.group(2));
                }
            }
            return sum;
        }

        /** The progress seconds at which pgbench completed no transaction. */
        List<Integer> idleSeconds() {
            List<Integer> idle = new ArrayList<>();
            Matcher m = PROGRESS.matcher(pgbench.stderr());
            while (m.find()) {
                if (Double.parseDouble(m.group(2)) == 0) {
                    idle.add(Integer.parseInt(m.group(1)));
                }
            }
            return idle;
        }
    }
}

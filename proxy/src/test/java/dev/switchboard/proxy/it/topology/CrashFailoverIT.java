// CrashFailoverIT: the primary is SIGKILLed under pgbench and the most advanced standby promoted — writes resume.
package dev.switchboard.proxy.it.topology;

import dev.switchboard.embedded.PgNode;
import dev.switchboard.proxy.it.WriteProbe;
import dev.switchboard.topology.Lsn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * As {@link FastStopFailoverIT}, but the primary crashes ({@code kill -9} of the postmaster): no shutdown message, its
 * backends just go. The standby that received the most WAL is promoted, as a failover manager would, because the
 * other can only follow a node at least as far along as itself (the embedded cluster has no pg_rewind).
 */
class CrashFailoverIT {
    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(2);

    @Test
    void writesResumeOnTheMostAdvancedStandby() throws Exception {
        FailoverScenario.Result r = FailoverScenario.run(fixture, PgNode::kill9, CrashFailoverIT::furthest);
        WriteProbe.Outcome lastBefore = WriteProbe.lastSuccessBefore(r.probe(), r.lossAt());
        long unavailable = (r.firstWriteOnNewPrimary().atNanos() - (lastBefore == null ? r.lossAt() : lastBefore.atNanos()))
                / 1_000_000;
        System.out.println("[crash-failover] write unavailability (last probe write before the kill -> first after) "
                + unavailable + " ms; promotion->first write " + r.promotionToFirstWriteMillis() + " ms; promoted "
                + r.newPrimary().name() + "; probe: " + WriteProbe.summary(r.probe()) + ", failures "
                + WriteProbe.failures(r.probe()) + "; acknowledged before the kill and missing on the new primary: "
                + r.acknowledgedBeforeLossMissing() + "; pgbench: " + r.pgbench().processed() + " tx, aborted clients "
                + r.pgbench().abortedClients() + ", exit " + r.pgbench().exitCode() + ", seconds at 0 tps "
                + r.idleSeconds());
        r.pgbench().groupedErrors().forEach((error, count) ->
                System.out.println("[crash-failover] pgbench error x" + count + ": " + error));
        r.assertWritesResumed();
        r.assertOnlyMidTransactionClientsAborted();
        r.assertProbeFailedOnlyInFlight();
        r.assertPostPromotionRowsOnNewPrimary();
    }

    /** The standby that received more WAL from the dead primary. */
    private static PgNode furthest(PgNode first, PgNode second) {
        long a = Lsn.parse(first.queryValue("SELECT pg_last_wal_receive_lsn()"));
        long b = Lsn.parse(second.queryValue("SELECT pg_last_wal_receive_lsn()"));
        return Long.compareUnsigned(a, b) >= 0 ? first : second;
    }
}

// FastStopFailoverIT: a switchover done behind the proxy's back (fast shutdown, promotion) under pgbench — writes resume, only mid-transaction work is lost.
package dev.switchboard.proxy.it.topology;

import dev.switchboard.embedded.StopMode;
import dev.switchboard.proxy.it.WriteProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A switchover the proxy is not told of: {@code pg_ctl stop -m fast} on the primary, {@code pg_ctl promote} on the first standby,
 * the second re-pointed at it. Clients between transactions keep their connections and their next transaction
 * runs on the new primary; a request the stopping server refused with 57P01 before answering is resent.
 */
class FastStopFailoverIT {
    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(2);

    @Test
    void writesMoveToThePromotedStandby() throws Exception {
        FailoverScenario.Result run = FailoverScenario.run(fixture, primary -> primary.stop(StopMode.FAST),
                (first, second) -> first);
        System.out.println("[fast stop] promotion->first write " + run.promotionToFirstWriteMillis()
                + " ms; stop->first write " + (run.firstWriteOnNewPrimary().atNanos() - run.lossAt()) / 1_000_000
                + " ms; probe: " + WriteProbe.summary(run.probe()) + ", failures " + WriteProbe.failures(run.probe())
                + "; acknowledged before the stop and missing on the new primary: " + run.acknowledgedBeforeLossMissing()
                + "; pgbench: " + run.pgbench().processed() + " tx, aborted clients " + run.pgbench().abortedClients()
                + ", exit " + run.pgbench().exitCode() + ", seconds at 0 tps " + run.idleSeconds()
                + ", errors " + run.pgbench().groupedErrors());
        run.assertWritesResumed();
        run.assertOnlyMidTransactionClientsAborted();
        run.assertProbeFailedOnlyInFlight();
        run.assertPostPromotionRowsOnNewPrimary();
    }
}

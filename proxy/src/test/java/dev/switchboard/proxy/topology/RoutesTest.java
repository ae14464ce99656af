// RoutesTest: how a database's target and a transaction's nature map onto routes.
package dev.switchboard.proxy.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.MaxLag;
import dev.switchboard.config.PoolConfig;
import dev.switchboard.config.Target;
import dev.switchboard.topology.LagBound;
import dev.switchboard.topology.Route;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoutesTest {

    private static DatabaseConfig database(Target target, MaxLag maxLag, boolean readYourWrites) {
        return new DatabaseConfig("db", "main", "db", target, PoolConfig.defaults(), 0, maxLag, readYourWrites);
    }

    @Test
    void writesGoToThePrimaryOnSplittingDatabasesOnly() {
        assertEquals(Route.WRITE, Routes.forTransaction(database(Target.READ_WRITE, null, false), true));
        assertEquals(Route.PREFER_STANDBY, Routes.forTransaction(database(Target.PREFER_STANDBY, null, false), true));
        assertEquals(Route.WRITE, Routes.forTransaction(database(Target.PREFER_STANDBY, null, false), false));
        assertEquals(Route.ANY, Routes.forTransaction(database(Target.ANY, null, false), true));
        assertEquals(Route.WRITE, Routes.forTransaction(database(Target.ANY, null, false), false));
        // read-only stays on standbys (a write there fails with 25006) unless read-your-writes needs a primary
        assertEquals(Route.STANDBY, Routes.forTransaction(database(Target.READ_ONLY, null, false), false));
        assertEquals(Route.WRITE, Routes.forTransaction(database(Target.READ_ONLY, null, true), false));
        assertFalse(Routes.splitsReads(database(Target.READ_ONLY, null, false)));
        assertTrue(Routes.splitsReads(database(Target.READ_ONLY, null, true)));
    }

    @Test
    void sessionsFollowTheTargetAsWritten() {
        assertEquals(Route.STANDBY, Routes.forSession(database(Target.READ_ONLY, null, false)));
        assertEquals(Route.PREFER_STANDBY, Routes.forSession(database(Target.PREFER_STANDBY, null, false)));
    }

    @Test
    void maxLagBecomesALagBound() {
        assertEquals(LagBound.NONE, Routes.lagBound(database(Target.READ_ONLY, null, false)));
        assertEquals(LagBound.bytes(1024), Routes.lagBound(database(Target.READ_ONLY, MaxLag.ofBytes(1024), false)));
        assertEquals(LagBound.time(Duration.ofMillis(100)),
                Routes.lagBound(database(Target.READ_ONLY, MaxLag.ofTime(Duration.ofMillis(100)), false)));
    }
}

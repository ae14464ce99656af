// Tests for FrameLimits' shared presets: every decoder made at the same preset and size shares one table.
package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameLimitsTest {

    /** A client's framer is made short until it is authenticated, then at the configured size: both stay shared. */
    @Test
    void twoSizesAskedForInTurnEachStayShared() {
        FrameLimits shortFirst = FrameLimits.frontendDefaults(10_000);
        FrameLimits configuredFirst = FrameLimits.frontendDefaults(1 << 20);
        for (int client = 0; client < 5; client++) {
            assertSame(shortFirst, FrameLimits.frontendDefaults(10_000));
            assertSame(configuredFirst, FrameLimits.frontendDefaults(1 << 20));
        }
        assertEquals(10_000, shortFirst.maxMessageSize());
        assertEquals(1 << 20, configuredFirst.maxMessageSize());
    }

    @Test
    void presetsAtOneSizeKeepTheirOwnTables() {
        FrameLimits frontend = FrameLimits.frontendDefaults(1 << 20);
        FrameLimits whole = FrameLimits.frontendWholeStatements(1 << 20);
        FrameLimits backend = FrameLimits.backendDefaults(1 << 20);
        assertNotSame(frontend, whole);
        assertFalse(frontend.wholeTypes()[FrontendType.QUERY & 0xff], "Query streams in the default preset");
        assertTrue(whole.wholeTypes()[FrontendType.QUERY & 0xff], "Query arrives whole where it is classified");
        assertFalse(backend.wholeTypes()[BackendType.DATA_ROW & 0xff]);
        assertTrue(backend.wholeTypes()[BackendType.READY_FOR_QUERY & 0xff]);
    }

    @Test
    void manySizesStillAnswerEachSizeRight() {
        for (int size = 1000; size < 1100; size++) {
            assertEquals(size, FrameLimits.backendDefaults(size).maxMessageSize());
        }
    }
}

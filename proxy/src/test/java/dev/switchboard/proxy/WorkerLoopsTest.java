// WorkerLoopsTest: the default number of event loops, and the property that overrides it.
package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkerLoopsTest {
    private String before;

    @BeforeEach
    void rememberProperty() {
        before = System.getProperty(WorkerLoops.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (before == null) {
            System.clearProperty(WorkerLoops.PROPERTY);
        } else {
            System.setProperty(WorkerLoops.PROPERTY, before);
        }
    }

    @Test
    void oneLoopPerCoreButOneAndNeverNone() {
        assertEquals(1, WorkerLoops.forCores(1));
        assertEquals(1, WorkerLoops.forCores(2));
        assertEquals(3, WorkerLoops.forCores(4));
        assertEquals(15, WorkerLoops.forCores(16));
    }

    @Test
    void withoutThePropertyTheCountFollowsTheCores() {
        System.clearProperty(WorkerLoops.PROPERTY);
        assertEquals(WorkerLoops.forCores(Runtime.getRuntime().availableProcessors()), WorkerLoops.count());
    }

    @Test
    void thePropertySetsAnyPositiveCount() {
        System.setProperty(WorkerLoops.PROPERTY, "5");
        assertEquals(5, WorkerLoops.count());
    }

    @Test
    void aCountBelowOneOrNotANumberIsRefusedWithThePropertyNamed() {
        System.setProperty(WorkerLoops.PROPERTY, "0");
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, WorkerLoops::count);
        assertEquals("-Dswitchboard.threads must be a whole number of at least 1, not '0'", zero.getMessage());
        System.setProperty(WorkerLoops.PROPERTY, "two");
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class, WorkerLoops::count);
        assertEquals("-Dswitchboard.threads must be a whole number of at least 1, not 'two'", word.getMessage());
    }
}

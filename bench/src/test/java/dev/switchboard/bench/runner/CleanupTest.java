// CleanupTest: reverse close order, idempotence, and resources added after close (Ctrl-C races) closed at once.
package dev.switchboard.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupTest {

    @Test
    void closesNewestFirstAndOnlyOnce() {
        List<String> closed = new ArrayList<>();
        Cleanup cleanup = new Cleanup();
        cleanup.add(() -> closed.add("postgres"));
        cleanup.add(() -> closed.add("proxy"));
        cleanup.close();
        cleanup.close();
        assertEquals(List.of("proxy", "postgres"), closed);
        assertTrue(cleanup.isClosed());
    }

    @Test
    void aFailingResourceDoesNotStopTheRest() {
        List<String> closed = new ArrayList<>();
        Cleanup cleanup = new Cleanup();
        cleanup.add(() -> closed.add("postgres"));
        cleanup.add(() -> {
            throw new IllegalStateException("boom");
        });
        cleanup.close();
        assertEquals(List.of("postgres"), closed);
    }

    @Test
    void addingAfterCloseClosesTheResourceAndFails() {
        List<String> closed = new ArrayList<>();
        Cleanup cleanup = new Cleanup();
        cleanup.close();
        assertThrows(IllegalStateException.class, () -> cleanup.add(() -> closed.add("late proxy")));
        assertEquals(List.of("late proxy"), closed);
    }
}

// ProcessCpuTest: reads this test JVM's own /proc entries.
package dev.switchboard.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    private final long self = ProcessHandle.current().pid();

    @Test
    void cpuSecondsOfThisJvmArePositiveAndNeverGoBack() {
        double before = ProcessCpu.seconds(self);
        burnUntilCpuAdvances(before);
        double after = ProcessCpu.seconds(self);
        assertTrue(before > 0, "a JVM that loaded JUnit has used some CPU, got " + before);
        assertTrue(after > before, "CPU time should grow after work: " + before + " -> " + after);
    }

    @Test
    void cpuSecondsAgreeWithTheJvmsOwnAccountingWithinATick() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double jvm = os.getProcessCpuTime() / 1e9;
        double proc = ProcessCpu.seconds(self);
        double tick = 1.0 / ProcessCpu.clockTicks();
        // Both count user+system time of this process; /proc is coarser (ticks) and read a moment later.
        assertTrue(proc >= jvm - 2 * tick, "proc " + proc + " s vs JVM " + jvm + " s");
    }

    @Test
    void rssOfThisJvmIsAtLeastItsUsedHeapAndSomeMegabytes() {
        long rss = ProcessCpu.rssBytes(self);
        assertTrue(rss > 10L * 1024 * 1024, "a JVM resides in more than 10 MB, got " + rss);
        assertEquals(0, rss % 1024, "VmRSS is reported in kB");
    }

    @Test
    void clockTicksAreAskedOnceAndPositive() {
        long t = ProcessCpu.clockTicks();
        assertTrue(t > 0);
        assertEquals(t, ProcessCpu.clockTicks());
    }

    @Test
    void aMissingProcessIsAClearError() {
        long none = Long.MAX_VALUE;
        var e = assertThrows(IllegalStateException.class, () -> ProcessCpu.seconds(none));
        assertTrue(e.getMessage().contains("/proc/" + none), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ProcessCpu.rssBytes(none));
    }

    /** Spins until /proc shows more CPU (at most ~10 s of work, far more than one tick). */
    private long burnUntilCpuAdvances(double before) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long sink = 0;
        while (ProcessCpu.seconds(self) <= before && System.nanoTime() < deadline) {
            for (int i = 0; i < 1_000_000; i++) {
                sink += i * 31L ^ sink;
            }
        }
        return sink;   // returned so the JIT cannot drop the loop
    }
}

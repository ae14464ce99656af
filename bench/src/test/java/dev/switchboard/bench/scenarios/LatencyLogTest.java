// LatencyLogTest: per-transaction pgbench logs (one file per thread) to percentiles in milliseconds.
package dev.switchboard.bench.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyLogTest {

    @Test
    void readsEveryThreadFileAndSkipsSkippedTransactions(@TempDir Path dir) throws IOException {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            // client_id transaction_no time(us) script_no time_epoch time_us schedule_lag
            (i % 2 == 0 ? a : b).append(i % 7).append(' ').append(i).append(' ').append(i * 1000)
                    .append(" 0 1700000000 123456 15\n");
        }
        b.append("3 1001 skipped 0 1700000000 123456 15\n");
        Files.writeString(dir.resolve("run.log.4242"), a);
        Files.writeString(dir.resolve("run.log.4242.1"), b);
        Files.writeString(dir.resolve("other.log.4242"), "1 1 999999999 0 1 1 0\n");
        LatencyLog log = LatencyLog.read(dir.resolve("run.log"));
        assertEquals(1000, log.count());
        assertEquals(500.0, log.p50Ms());
        assertEquals(990.0, log.p99Ms());
        assertEquals(999.0, log.p999Ms());
    }

    @Test
    void noTransactionsIsAnError(@TempDir Path dir) {
        var e = assertThrows(IllegalStateException.class, () -> LatencyLog.read(dir.resolve("none")));
        assertTrue(e.getMessage().contains("no transactions"), e.getMessage());
    }

    @Test
    void malformedLinesAreIgnored() {
        assertTrue(Double.isNaN(LatencyLog.latencyMicros("1 2")));
        assertTrue(Double.isNaN(LatencyLog.latencyMicros("1 2 failed 0 1 1")));
        assertEquals(250.0, LatencyLog.latencyMicros("1 2 250 0 1 1"));
    }
}

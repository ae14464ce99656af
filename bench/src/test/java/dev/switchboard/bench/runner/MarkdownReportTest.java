// MarkdownReportTest: the table's header, medians, ratios, n/a cells, notes and the absent-PgBouncer line.
package dev.switchboard.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bench.runner.BenchResults.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    private static final List<String> ALL = List.of("direct", "switchboard", "pgbouncer");

    @Test
    void rowShowsMediansAndRatios() {
        BenchResults results = Results.selectOnly(ALL, List.of(
                Results.tps("direct", 1, 1000), Results.tps("switchboard", 1, 900), Results.tps("pgbouncer", 1, 600),
                Results.tps("direct", 2, 3000), Results.tps("switchboard", 2, 1100), Results.tps("pgbouncer", 2, 800),
                Results.tps("direct", 3, 2000), Results.tps("switchboard", 3, 800), Results.tps("pgbouncer", 3, 1000)));
        String md = MarkdownReport.render(results);
        assertTrue(md.contains("| scenario | metric | direct | switchboard | pgbouncer | switchboard/pgbouncer"
                + " | switchboard/direct |\n"), md);
        assertTrue(md.contains("| select-only simple 10 | tps | 2000 | 900.0 | 800.0 | 1.13x | 0.45x |\n"), md);
        assertTrue(md.contains("| select-only simple 10 | proxy CPU s / 1000 tx | n/a | n/a | n/a | n/a | n/a |\n"), md);
        assertTrue(md.contains("Command: `./switchboard bench`"), md);
        assertTrue(md.contains("Machine: 2 cores, 4.00 GiB RAM, Linux 6.1, OpenJDK 17, PostgreSQL 18.6, PgBouncer 1.18.0; Switchboard on Temurin-25.0.3+9."), md);
        assertFalse(md.contains("Notes"), md);
    }

    @Test
    void withoutPgBouncerTheColumnIsAbsentAndSaidSo() {
        BenchResults results = Results.selectOnly(List.of("direct", "switchboard"), List.of(
                Results.tps("direct", 1, 1000), Results.tps("switchboard", 1, 500)));
        String md = MarkdownReport.render(results);
        assertTrue(md.contains("| scenario | metric | direct | switchboard | switchboard/direct |\n"), md);
        assertTrue(md.contains("| select-only simple 10 | tps | 1000 | 500.0 | 0.50x |\n"), md);
        assertTrue(md.contains("PgBouncer column absent"), md);
    }

    @Test
    void failedRunsAreNotedOnceWithTheirReason() {
        BenchResults results = Results.selectOnly(ALL, List.of(
                Results.tps("direct", 1, 1000), Results.tps("switchboard", 1, 500),
                Run.failed("pgbouncer", 1, "pgbench exited with 2: prepared statement | does not exist"),
                Results.tps("direct", 2, 1000), Results.tps("switchboard", 2, 500),
                Run.failed("pgbouncer", 2, "pgbench exited with 2: prepared statement | does not exist")));
        String md = MarkdownReport.render(results);
        assertTrue(md.contains("| select-only simple 10 | tps | 1000 | 500.0 | n/a | n/a | 0.50x |\n"), md);
        String note = "- select-only simple 10 / pgbouncer: pgbench exited with 2: prepared statement \\| does not exist\n";
        assertEquals(md.indexOf(note), md.lastIndexOf(note), md);
        assertTrue(md.contains(note), md);
    }
}

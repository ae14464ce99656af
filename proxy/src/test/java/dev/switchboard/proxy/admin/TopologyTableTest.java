// TopologyTableTest: the operator's text table, aligned, with loud headlines for clusters that take no writes.
package dev.switchboard.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTableTest {

    @Test
    void healthyClusterIsAlignedAndUnknownsAreDashes() {
        String expected = """
                cluster main: write target 10.0.0.1:5432 (timeline 2)
                NODE               ROLE     STATE  TIMELINE        LSN  LAG BYTES  LAG S  SINCE                 DETAIL
                10.0.0.1:5432      primary  up            2  0/3000060          0  0.000  2026-03-01T12:00:00Z
                10.0.0.2:5432      standby  up            2  0/3000000         96  1.500  2026-03-01T11:59:00Z
                db-3.example:5433  down     down          1  0/2000000          -      -  2026-03-01T11:59:00Z  connection refused: "db3" retrying
                """;
        assertEquals(expected, TopologyTable.render(List.of(Snapshots.healthy())));
    }

    @Test
    void splitBrainSaysSoInTheHeadline() {
        String expected = """
                cluster reports: SPLIT BRAIN, NO WRITE TARGET: split brain: 10.1.0.1:5432 and 10.1.0.2:5432 are both writable on timeline 3; writes are refused
                NODE           ROLE     STATE    TIMELINE   LSN  LAG BYTES  LAG S  SINCE                 DETAIL
                10.1.0.1:5432  fenced   fenced          3  1/A0          -      -  2026-03-01T12:00:00Z  split brain: another node is writable on timeline 3
                10.1.0.2:5432  fenced   fenced          3  1/B0          -      -  2026-03-01T12:00:00Z  split brain: another node is writable on timeline 3
                10.1.0.3:5432  unknown  unknown         -     -          -      -  2026-03-01T11:59:00Z
                """;
        assertEquals(expected, TopologyTable.render(List.of(Snapshots.splitBrain())));
    }

    @Test
    void clustersAreSeparatedByABlankLine() {
        String both = TopologyTable.render(List.of(Snapshots.healthy(), Snapshots.splitBrain()));
        assertEquals(TopologyTable.render(List.of(Snapshots.healthy())) + "\n"
                + TopologyTable.render(List.of(Snapshots.splitBrain())), both);
        assertEquals("no clusters\n", TopologyTable.render(List.of()));
    }
}

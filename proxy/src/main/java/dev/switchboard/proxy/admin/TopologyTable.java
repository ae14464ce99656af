// TopologyTable: the /topology?format=text view — a fixed-width table an operator reads with curl.
package dev.switchboard.proxy.admin;

import dev.switchboard.topology.Lsn;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.TopologySnapshot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One block per cluster: a headline saying where writes go (or, loudly, why nowhere), then one row per node in
 * configured order. Unknown values show as "-". Columns are as wide as their widest cell so the output lines up
 * whatever the host names.
 */
final class TopologyTable {
    private static final String[] HEADER =
            {"NODE", "ROLE", "STATE", "TIMELINE", "LSN", "LAG BYTES", "LAG S", "SINCE", "DETAIL"};
    /** Numbers are right-aligned so their magnitudes can be compared at a glance. */
    private static final boolean[] RIGHT = {false, false, false, true, true, true, true, false, false};
    private static final String UNKNOWN = "-";

    private TopologyTable() {
    }

    static String render(List<TopologySnapshot> snapshots) {
        StringBuilder out = new StringBuilder(512);
        for (TopologySnapshot snapshot : snapshots) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(headline(snapshot)).append('\n');
            List<String[]> rows = new ArrayList<>(snapshot.nodes().size() + 1);
            rows.add(HEADER);
            for (NodeView node : snapshot.nodes()) {
                rows.add(row(node));
            }
            table(out, rows);
        }
        if (snapshots.isEmpty()) {
            out.append("no clusters\n");
        }
        return out.toString();
    }

    static String headline(TopologySnapshot snapshot) {
        String head = "cluster " + snapshot.cluster() + ": ";
        if (snapshot.writeTarget() != null) {
            return head + "write target " + snapshot.writeTarget().node() + " (timeline "
                    + snapshot.writeTarget().timeline() + ")";
        }
        return head + (snapshot.splitBrain() ? "SPLIT BRAIN, " : "") + "NO WRITE TARGET: "
                + (snapshot.noWriteReason() == null ? "reason unknown" : snapshot.noWriteReason());
    }

    private static String[] row(NodeView node) {
        return new String[] {
            node.node(),
            node.role(),
            node.state().label(),
            node.timeline() == 0 ? UNKNOWN : Integer.toString(node.timeline()),
            node.lsn() == Lsn.UNKNOWN ? UNKNOWN : Lsn.format(node.lsn()),
            node.lagBytes() < 0 ? UNKNOWN : Long.toString(node.lagBytes()),
            Double.isNaN(node.lagSeconds()) || Double.isInfinite(node.lagSeconds())
                    ? UNKNOWN : String.format(Locale.ROOT, "%.3f", node.lagSeconds()),
            seconds(node.since()),
            node.detail() == null ? "" : oneLine(node.detail()),
        };
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            int start = out.length();
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    out.append("  ");
                }
                String pad = " ".repeat(widths[c] - row[c].length());
                if (RIGHT[c]) {
                    out.append(pad).append(row[c]);
                } else {
                    out.append(row[c]).append(pad);
                }
            }
            // The last column is free text: no trailing blanks when it is short or empty.
            int end = out.length();
            while (end > start && out.charAt(end - 1) == ' ') {
                end--;
            }
            out.setLength(end);
            out.append('\n');
        }
    }

    private static String seconds(Instant instant) {
        return instant == null ? UNKNOWN : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** An error text may hold line breaks (a server's multi-line message); they would break the table. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}

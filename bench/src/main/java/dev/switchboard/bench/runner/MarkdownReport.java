// MarkdownReport: renders the results as the markdown table printed on stdout (medians and ratios).
package dev.switchboard.bench.runner;

import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One row per scenario and metric; a column per target, then the Switchboard ratios. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(BenchResults results) {
        List<String> targets = results.targets();
        boolean bouncer = targets.contains(BenchResults.PGBOUNCER);
        StringBuilder md = new StringBuilder();
        md.append("Command: `").append(results.command()).append("`\n\n");
        md.append(machineLine(results.machine())).append("\n\n");
        md.append("Medians over rounds (select-only: ").append(results.rounds()).append(results.quick()
                ? "; other scenarios: 1" : "").append(") after unrecorded warm-up runs against the proxies"
                + " (select-only, 100 clients, each protocol and transport measured)."
                + " Transaction pooling, pool size 20, md5 auth; \"tls\" rows: clients with sslmode=require to the"
                + " poolers (same certificate, RSA 2048), no TLS towards PostgreSQL; \"unix\" rows: both legs on Unix"
                + " sockets (direct: PostgreSQL's own socket).\n\n");
        List<String> header = new ArrayList<>(List.of("scenario", "metric"));
        header.addAll(targets);
        if (bouncer) {
            header.add("switchboard/pgbouncer");
        }
        header.add("switchboard/direct");
        row(md, header);
        row(md, header.stream().map(h -> "---").toList());
        for (Scenario s : results.scenarios()) {
            for (Metric metric : Metric.forKind(s.kind())) {
                List<String> cells = new ArrayList<>(List.of(s.name(), metric.label()));
                for (String target : targets) {
                    cells.add(Format.number(s.median(target, metric.value())));
                }
                double sb = s.median(BenchResults.SWITCHBOARD, metric.value());
                if (bouncer) {
                    cells.add(Format.ratio(sb, s.median(BenchResults.PGBOUNCER, metric.value())));
                }
                cells.add(Format.ratio(sb, s.median(BenchResults.DIRECT, metric.value())));
                row(md, cells);
            }
        }
        if (!bouncer) {
            md.append("\nPgBouncer column absent: no pgbouncer binary was found.\n");
        }
        appendNotes(md, results);
        return md.toString();
    }

    static String machineLine(BenchResults.Machine m) {
        String memory = m.memoryBytes() < 0 ? "unknown" : Format.number(m.memoryBytes() / (1024.0 * 1024 * 1024)) + " GiB";
        return "Machine: " + m.cores() + " cores, " + memory + " RAM, " + m.kernel() + ", " + m.javaVersion()
                + ", PostgreSQL " + m.postgresVersion() + ", "
                + (m.pgbouncerVersion() == null ? "no PgBouncer" : m.pgbouncerVersion())
                + (m.proxyJava() == null ? "" : "; Switchboard on " + m.proxyJava()) + ".";
    }

    /** Why cells are n/a: each distinct reason once per scenario and target. */
    private static void appendNotes(StringBuilder md, BenchResults results) {
        Set<String> notes = new LinkedHashSet<>();
        for (Scenario s : results.scenarios()) {
            for (Run r : s.runs()) {
                if (r.error() != null) {
                    notes.add(s.name() + " / " + r.target() + ": " + r.error());
                }
            }
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes (runs without numbers):\n");
            notes.forEach(n -> md.append("- ").append(n.replace("|", "\\|")).append('\n'));
        }
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
}

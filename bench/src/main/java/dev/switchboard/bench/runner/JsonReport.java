// JsonReport: writes the results as JSON by hand (no JSON library on the classpath); NaN and -1 become null.
package dev.switchboard.bench.runner;

import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** Every run, plus per scenario and target the medians the markdown table shows. */
public final class JsonReport {
    private JsonReport() {
    }

    public static String render(BenchResults r) {
        StringBuilder j = new StringBuilder("{\n");
        j.append("  \"command\": ").append(string(r.command())).append(",\n");
        j.append("  \"quick\": ").append(r.quick()).append(",\n");
        j.append("  \"rounds\": ").append(r.rounds()).append(",\n");
        BenchResults.Machine m = r.machine();
        j.append("  \"machine\": {\"cores\": ").append(m.cores())
                .append(", \"memoryBytes\": ").append(integer(m.memoryBytes()))
                .append(", \"kernel\": ").append(string(m.kernel()))
                .append(", \"java\": ").append(string(m.javaVersion()))
                .append(", \"postgres\": ").append(string(m.postgresVersion()))
                .append(", \"pgbouncer\": ").append(string(m.pgbouncerVersion()))
                .append(", \"proxyJava\": ").append(string(m.proxyJava())).append("},\n");
        j.append("  \"targets\": [");
        j.append(String.join(", ", r.targets().stream().map(JsonReport::string).toList())).append("],\n");
        j.append("  \"scenarios\": [\n");
        List<Scenario> scenarios = r.scenarios();
        for (int i = 0; i < scenarios.size(); i++) {
            scenario(j, scenarios.get(i), r.targets());
            j.append(i + 1 < scenarios.size() ? ",\n" : "\n");
        }
        return j.append("  ]\n}\n").toString();
    }

    private static void scenario(StringBuilder j, Scenario s, List<String> targets) {
        j.append("    {\"name\": ").append(string(s.name())).append(", \"kind\": ").append(string(s.kind()))
                .append(", \"variant\": ").append(string(s.variant())).append(", \"clients\": ").append(s.clients())
                .append(",\n     \"medians\": {");
        for (int t = 0; t < targets.size(); t++) {
            String target = targets.get(t);
            j.append(t == 0 ? "" : ", ").append(string(target)).append(": {")
                    .append("\"tps\": ").append(number(s.median(target, Run::tps)))
                    .append(", \"p50Ms\": ").append(number(s.median(target, Run::p50Ms)))
                    .append(", \"p99Ms\": ").append(number(s.median(target, Run::p99Ms)))
                    .append(", \"p999Ms\": ").append(number(s.median(target, Run::p999Ms)))
                    .append(", \"connectionsPerSecond\": ").append(number(s.median(target, Run::connectionsPerSecond)))
                    .append(", \"rssBytes\": ").append(number(s.median(target, run -> run.rssBytes() < 0 ? Double.NaN : run.rssBytes())))
                    .append(", \"bytesPerClient\": ").append(number(s.median(target, Run::bytesPerClient)))
                    .append(", \"cpuSecondsPer1000Tx\": ").append(number(s.median(target, Run::cpuSecondsPer1000Tx)))
                    .append('}');
        }
        j.append("},\n     \"runs\": [\n");
        for (int i = 0; i < s.runs().size(); i++) {
            Run run = s.runs().get(i);
            j.append("       {\"target\": ").append(string(run.target())).append(", \"round\": ").append(run.round())
                    .append(", \"tps\": ").append(number(run.tps()))
                    .append(", \"p50Ms\": ").append(number(run.p50Ms()))
                    .append(", \"p99Ms\": ").append(number(run.p99Ms()))
                    .append(", \"p999Ms\": ").append(number(run.p999Ms()))
                    .append(", \"connectionsPerSecond\": ").append(number(run.connectionsPerSecond()))
                    .append(", \"rssBytes\": ").append(integer(run.rssBytes()))
                    .append(", \"bytesPerClient\": ").append(number(run.bytesPerClient()))
                    .append(", \"cpuSecondsPer1000Tx\": ").append(number(run.cpuSecondsPer1000Tx()))
                    .append(", \"transactions\": ").append(run.transactions())
                    .append(", \"error\": ").append(string(run.error())).append('}')
                    .append(i + 1 < s.runs().size() ? ",\n" : "\n");
        }
        j.append("     ]}");
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String integer(long v) {
        return v < 0 ? "null" : Long.toString(v);
    }

    static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

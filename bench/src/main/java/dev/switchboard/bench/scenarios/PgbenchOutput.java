// PgbenchOutput: the numbers read from pgbench's summary (tps, transactions processed, failures).
package dev.switchboard.bench.scenarios;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsed summary of one pgbench run. */
public record PgbenchOutput(double tps, long transactions) {
    private static final Pattern TPS = Pattern.compile("^tps = ([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern PROCESSED =
            Pattern.compile("^number of transactions actually processed: (\\d+)", Pattern.MULTILINE);

    /** Reads pgbench's standard output; throws with the output attached when the summary is missing. */
    public static PgbenchOutput parse(String output) {
        Matcher tps = TPS.matcher(output);
        Matcher processed = PROCESSED.matcher(output);
        if (!tps.find() || !processed.find()) {
            throw new IllegalStateException("pgbench printed no summary (tps / transactions processed):\n"
                    + output.strip());
        }
        return new PgbenchOutput(Double.parseDouble(tps.group(1)), Long.parseLong(processed.group(1)));
    }
}

// BenchOptions: the `switchboard bench` command line.
package dev.switchboard.bench.runner;

import java.nio.file.Path;

/**
 * @param save      directory to keep the JSON, charts and raw logs in; null = a fresh temp directory
 * @param rounds    rounds of the main scenarios (at least 1; 3 by default)
 * @param seconds   length of each pgbench run
 * @param pgbouncer the pgbouncer binary; null = look on PATH
 */
public record BenchOptions(boolean quick, Path save, int rounds, int seconds, Path pgbouncer, boolean help) {

    public static final int DEFAULT_ROUNDS = 3;
    /** Five seconds keeps the full run (135 pgbench runs) under the 15 minutes on two cores. */
    public static final int DEFAULT_SECONDS = 5;

    public static final String USAGE = """
            Usage: switchboard bench [--quick] [--save DIR] [--rounds N] [--duration SECONDS] [--pgbouncer PATH]

            Starts its own PostgreSQL, Switchboard (transaction mode, pool size 20) and, when the pgbouncer
            binary exists, PgBouncer with the same settings; runs every scenario against every target
            interleaved and prints medians and ratios. Needs pgbench on PATH.

              --quick             select-only simple at 10 and 100 clients, one small round of the rest (< 3 min)
              --save DIR          keep results.json, results.md, the PNG charts and raw pgbench logs in DIR
              --rounds N          rounds of each scenario (default 3)
              --duration SECONDS  length of each pgbench run (default 5)
              --pgbouncer PATH    the pgbouncer binary (default: pgbouncer on PATH)
            """;

    /** Parses the arguments after {@code bench}; throws IllegalArgumentException with a readable message. */
    public static BenchOptions parse(String... args) {
        boolean quick = false;
        boolean help = false;
        Path save = null;
        Path pgbouncer = null;
        int rounds = DEFAULT_ROUNDS;
        int seconds = DEFAULT_SECONDS;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> quick = true;
                case "--help", "-h" -> help = true;
                case "--save" -> save = Path.of(value(args, ++i, arg));
                case "--pgbouncer" -> pgbouncer = Path.of(value(args, ++i, arg));
                case "--rounds" -> rounds = positive(value(args, ++i, arg), arg);
                case "--duration" -> seconds = positive(value(args, ++i, arg), arg);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new BenchOptions(quick, save, rounds, seconds, pgbouncer, help);
    }

    /** The scenarios these options ask for. */
    public BenchPlan plan() {
        return quick ? BenchPlan.quick(rounds, seconds) : BenchPlan.full(rounds, seconds);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String text, String option) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // Reported below with the option's name.
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, got \"" + text + "\"");
    }
}

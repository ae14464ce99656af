// PgbenchOptions: one pgbench load run (clients, protocol, duration, storm, fixed rate, per-transaction log).
package dev.switchboard.bench.scenarios;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The select-only workload ({@code -S -n}) with the knobs the scenarios vary.
 *
 * @param protocol   {@code simple}, {@code extended} or {@code prepared} (pgbench {@code -M})
 * @param reconnect  {@code -C}: a new connection per transaction (connection storm)
 * @param rate       {@code -R} transactions per second; 0 = as fast as possible
 * @param logPrefix  {@code -l --log-prefix}: per-transaction log files; null = none
 */
public record PgbenchOptions(int clients, String protocol, int seconds, boolean reconnect, int rate, Path logPrefix) {

    /** pgbench refuses more threads than clients; two threads match the 2-core machines the bench targets. */
    int threads() {
        return Math.min(2, clients);
    }

    /** The arguments after the program name, before the connection options. */
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("-S", "-n", "-M", protocol, "-c", Integer.toString(clients),
                "-j", Integer.toString(threads()), "-T", Integer.toString(seconds)));
        if (reconnect) {
            args.add("-C");
        }
        if (rate > 0) {
            args.addAll(List.of("-R", Integer.toString(rate)));
        }
        if (logPrefix != null) {
            args.addAll(List.of("-l", "--log-prefix=" + logPrefix));
        }
        return args;
    }
}

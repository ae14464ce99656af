// ScenarioContext: what every scenario needs besides the target — the load driver, credentials, raw-log directory.
package dev.switchboard.bench.scenarios;

import dev.switchboard.bench.targets.Credentials;
import java.nio.file.Path;

/**
 * @param rawDir          where pgbench outputs and per-transaction logs are kept
 * @param maxDirectClients PostgreSQL's connection limit: direct runs above it are not applicable
 */
public record ScenarioContext(Pgbench pgbench, Credentials credentials, Path rawDir, int maxDirectClients) {

    /** A file name in {@link #rawDir} for this scenario, target and round. */
    Path rawFile(BenchScenario scenario, String target, int round, String suffix) {
        String base = scenario.name().replaceAll("[^A-Za-z0-9.]+", "-") + "." + target + ".r" + round;
        return rawDir.resolve(base + suffix);
    }
}

// StressParameters: seeds, steps and client counts of one stress run, read from system properties.
package dev.switchboard.proxy.it.stress;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code stress.seed} (one seed) or {@code stress.seeds} (a comma list), {@code stress.steps} (steps per
 * client), {@code stress.jdbc} and {@code stress.psql} (clients per mode). Every failure message starts
 * with {@link #describe(long)}, which includes the command that repeats the run.
 */
record StressParameters(List<Long> seeds, int steps, int jdbcClientsPerMode, int psqlClientsPerMode) {
    static final long DEFAULT_SEED = 1;
    static final int DEFAULT_STEPS = 100;

    static StressParameters fromSystemProperties() {
        List<Long> seeds = new ArrayList<>();
        String list = System.getProperty("stress.seeds", "").trim();
        if (!list.isEmpty()) {
            for (String s : list.split(",")) {
                seeds.add(Long.parseLong(s.trim()));
            }
        } else {
            seeds.add(Long.getLong("stress.seed", DEFAULT_SEED));
        }
        return new StressParameters(seeds, Integer.getInteger("stress.steps", DEFAULT_STEPS),
                Integer.getInteger("stress.jdbc", 3), Integer.getInteger("stress.psql", 1));
    }

    int clientsPerMode() {
        return jdbcClientsPerMode + psqlClientsPerMode;
    }

    /** "seed 7, 40 steps per client" and the one command that runs exactly this again. */
    String describe(long seed) {
        return "seed " + seed + ", " + steps + " steps per client, " + jdbcClientsPerMode + " pgJDBC + "
                + psqlClientsPerMode + " psql clients per mode; reproduce with: mvn -B -pl proxy -am verify"
                + " -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ConversationStressIT"
                + " -Dfailsafe.failIfNoSpecifiedTests=false -Dstress.seed=" + seed + " -Dstress.steps=" + steps
                + " -Dstress.jdbc=" + jdbcClientsPerMode + " -Dstress.psql=" + psqlClientsPerMode;
    }
}

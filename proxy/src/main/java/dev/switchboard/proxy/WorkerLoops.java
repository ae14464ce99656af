// WorkerLoops: how many event loops serve clients and servers.
package dev.switchboard.proxy;

/**
 * One loop per core but one, and at least one. The proxy shares its machine with clients and often with
 * PostgreSQL: on two cores, a second loop spent about a sixth more CPU per transaction than one loop (wake-ups
 * and a thread more for the scheduler to switch) without serving more transactions or answering sooner at 5,000
 * clients. On a larger machine the loops add throughput until PostgreSQL or the network is the limit, and the
 * core left over serves the rest of the machine. {@code -Dswitchboard.threads=N} sets another count.
 */
public final class WorkerLoops {
    /** The system property that overrides the count. */
    public static final String PROPERTY = "switchboard.threads";

    private WorkerLoops() {
    }

    /** The count for this process: the property when set, otherwise {@link #forCores} of the available cores. */
    public static int count() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null) {
            return forCores(Runtime.getRuntime().availableProcessors());
        }
        int count;
        try {
            count = Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            count = 0;
        }
        if (count < 1) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be a whole number of at least 1, not '"
                    + configured + "'");
        }
        return count;
    }

    /** The default count on a machine with {@code cores} cores. */
    static int forCores(int cores) {
        return Math.max(1, cores - 1);
    }
}

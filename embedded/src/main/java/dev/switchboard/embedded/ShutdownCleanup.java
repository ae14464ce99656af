// The JVM shutdown hook that closes every cluster still open, so a failed test leaves no servers behind.
package dev.switchboard.embedded;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Holds the open clusters; one hook for all of them, installed on first use. */
final class ShutdownCleanup {

    private static final Set<PgCluster> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ShutdownCleanup::closeAll, "switchboard-embedded-cleanup"));
    }

    private ShutdownCleanup() {
    }

    static void register(PgCluster cluster) {
        OPEN.add(cluster);
    }

    static void unregister(PgCluster cluster) {
        OPEN.remove(cluster);
    }

    private static void closeAll() {
        for (PgCluster cluster : List.copyOf(OPEN)) {
            try {
                cluster.close();
            } catch (Throwable t) {
                // Keep closing the others; stderr is all that is left during shutdown.
                System.err.println("switchboard-embedded: cannot close " + cluster + ": " + t);
            }
        }
    }
}

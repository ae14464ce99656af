// Routes: what a database's target and a unit of work's read/write nature ask of the topology.
package dev.switchboard.proxy.topology;

import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.MaxLag;
import dev.switchboard.topology.LagBound;
import dev.switchboard.topology.Route;

/**
 * Maps configuration onto routes. A session stays on one node, so it follows the target as written; in
 * transaction and statement mode each transaction is routed on its own, and on {@code prefer-standby} and
 * {@code any} databases the ones that may write go to the primary (read/write splitting). On
 * {@code read-only} everything goes to standbys, where a write fails with 25006 as on any read-only node —
 * unless the database has {@code read_your_writes}, whose writes go to the primary.
 */
public final class Routes {

    private Routes() {
    }

    public static Route forSession(DatabaseConfig database) {
        return switch (database.target()) {
            case READ_WRITE -> Route.WRITE;
            case READ_ONLY -> Route.STANDBY;
            case PREFER_STANDBY -> Route.PREFER_STANDBY;
            case ANY -> Route.ANY;
        };
    }

    /** @param read whether the transaction was recognized as read-only from its first message */
    public static Route forTransaction(DatabaseConfig database, boolean read) {
        return switch (database.target()) {
            case READ_WRITE -> Route.WRITE;
            // With read_your_writes there must be somewhere to write to: the primary.
            case READ_ONLY -> read || !database.readYourWrites() ? Route.STANDBY : Route.WRITE;
            case PREFER_STANDBY -> read ? Route.PREFER_STANDBY : Route.WRITE;
            case ANY -> read ? Route.ANY : Route.WRITE;
        };
    }

    /** Whether transactions of this database need their read/write nature classified. */
    public static boolean splitsReads(DatabaseConfig database) {
        return switch (database.target()) {
            case PREFER_STANDBY, ANY -> true;
            case READ_ONLY -> database.readYourWrites();
            case READ_WRITE -> false;
        };
    }

    public static LagBound lagBound(DatabaseConfig database) {
        MaxLag max = database.maxLag();
        if (max == null) {
            return LagBound.NONE;
        }
        return max.isTimeBound() ? LagBound.time(max.time()) : LagBound.bytes(max.bytes());
    }
}

// A virtual database: the name clients connect to, mapped onto a cluster and a real database.
package dev.switchboard.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A virtual database.
 *
 * @param name                 the name clients put in {@code dbname}
 * @param cluster              name of the cluster serving it (exists in {@link SwitchboardConfig#clusters()})
 * @param dbname               the real database on the cluster; default = {@code name}
 * @param target               which node to route to; default read-write
 * @param pool                 the global pool settings merged with this database's own {@code pool:} overrides
 * @param maxServerConnections server connections for this database across all its users and nodes; 0 (the
 *                             default) = no limit beyond the pool sizes
 * @param maxLag               nullable: how far behind the primary a standby may be to serve this database;
 *                             null (the default) = unbounded; never set with target read-write
 * @param readYourWrites       whether a client's reads after its own write go only to nodes that have replayed
 *                             that write; default false; never set with target read-write or pool mode session
 * @param replayWait           how long a read that must see a WAL position (read-your-writes, or a client's
 *                             {@code switchboard.min_lsn}) waits for the chosen standby to replay it before it runs
 *                             on the primary; default 0 (the primary at once)
 */
public record DatabaseConfig(String name, String cluster, String dbname, Target target, PoolConfig pool,
                             int maxServerConnections, MaxLag maxLag, boolean readYourWrites, Duration replayWait) {

    public static final Target DEFAULT_TARGET = Target.READ_WRITE;
    public static final int DEFAULT_MAX_SERVER_CONNECTIONS = 0;
    /** The name of the fallback database: it serves every name no other entry has. */
    public static final String FALLBACK = "*";
    public static final Duration DEFAULT_REPLAY_WAIT = Duration.ZERO;

    public DatabaseConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(dbname, "dbname");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(replayWait, "replayWait");
        if (maxServerConnections < 0) {
            throw new IllegalArgumentException("maxServerConnections must not be negative, got "
                    + maxServerConnections);
        }
    }

    /** A database that sends a read that must see a position to the primary when the standby is behind. */
    public DatabaseConfig(String name, String cluster, String dbname, Target target, PoolConfig pool,
                          int maxServerConnections, MaxLag maxLag, boolean readYourWrites) {
        this(name, cluster, dbname, target, pool, maxServerConnections, maxLag, readYourWrites, DEFAULT_REPLAY_WAIT);
    }

    /** A database without a standby lag bound and without read-your-writes. */
    public DatabaseConfig(String name, String cluster, String dbname, Target target, PoolConfig pool,
                          int maxServerConnections) {
        this(name, cluster, dbname, target, pool, maxServerConnections, null, false);
    }

    /** A database without a server connection limit of its own. */
    public DatabaseConfig(String name, String cluster, String dbname, Target target, PoolConfig pool) {
        this(name, cluster, dbname, target, pool, DEFAULT_MAX_SERVER_CONNECTIONS);
    }

    /** The fallback database's settings for a client that asked for {@code name}: the cluster's database of that name. */
    public DatabaseConfig servingDatabase(String name) {
        return new DatabaseConfig(name, cluster, name, target, pool, maxServerConnections, maxLag, readYourWrites);
    }

    /** The pool mode for this user on this database: the user's override, else the database's pool mode. */
    public PoolMode poolModeFor(UserConfig user) {
        return user.poolMode() != null ? user.poolMode() : pool.mode();
    }
}

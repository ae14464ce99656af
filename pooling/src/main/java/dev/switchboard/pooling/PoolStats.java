// A consistent snapshot of one pool's list sizes and lifetime counters, for SHOW POOLS and metrics.
package dev.switchboard.pooling;

/**
 * Read under the pool's lock in one go, so the numbers agree with each other. Counters only grow.
 *
 * @param idle                connections connected and free
 * @param checking            connections promised to a client, running their health check
 * @param active              connections leased to clients
 * @param connecting          connections being opened
 * @param waiting             clients queued for a connection
 * @param leases              leases handed out
 * @param waits               acquires that had to queue (not served at once)
 * @param waitNanos           total time, in ticker nanoseconds, queued clients waited before getting a lease
 * @param waitTimeouts        waiters failed with {@link PoolTimeoutException}
 * @param connects            connects started
 * @param connectFailures     connects that failed
 * @param healthChecks        health checks started
 * @param healthCheckFailures health checks that said false or failed (the connection was closed)
 * @param evictions           idle connections closed to free a shared budget slot for another pool
 * @param closes              connections closed for any reason (failed connects not included)
 */
public record PoolStats(int idle, int checking, int active, int connecting, int waiting,
                        long leases, long waits, long waitNanos, long waitTimeouts,
                        long connects, long connectFailures, long healthChecks, long healthCheckFailures,
                        long evictions, long closes) {

    /** Idle + checking + active + connecting: the slots counted against {@code maxSize}. */
    public int total() {
        return idle + checking + active + connecting;
    }
}

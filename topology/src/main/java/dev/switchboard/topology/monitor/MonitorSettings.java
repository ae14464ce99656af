// MonitorSettings: how often a node is read, and the login and time limits of the monitor's connection.
package dev.switchboard.topology.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * Node monitor settings.
 *
 * @param interval       time between two readings of a node, and between two connection attempts
 * @param user           the role the monitor logs in as
 * @param password       the role's password; null when the server needs none (trust). Never printed
 * @param dbname         the database the monitor connects to
 * @param connectTimeout the limit for connecting and logging in, and for each query: a node that does not
 *                       answer within it counts as down
 */
public record MonitorSettings(Duration interval, String user, String password, String dbname,
                              Duration connectTimeout) {

    public MonitorSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(dbname, "dbname");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        // Socket timeouts are whole milliseconds, and 0 would mean "wait forever".
        if (connectTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("connectTimeout must be at least 1ms: " + connectTimeout);
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "MonitorSettings[interval=" + interval + ", user=" + user + ", password="
                + (password == null ? "none" : "set") + ", dbname=" + dbname + ", connectTimeout=" + connectTimeout
                + "]";
    }
}

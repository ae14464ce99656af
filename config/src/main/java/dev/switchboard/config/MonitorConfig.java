// How each node of a cluster is polled: how often, and with which login.
package dev.switchboard.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Node monitor settings.
 *
 * @param interval       time between polls of each node; default 250ms; always positive
 * @param user           user the monitor logs in as; default {@value #DEFAULT_USER}
 * @param password       nullable password for {@code user}; never printed
 * @param dbname         database the monitor connects to; default {@value #DEFAULT_DBNAME}
 * @param connectTimeout time to connect and log in to a node before the poll counts as failed; default 2s;
 *                       always positive
 */
public record MonitorConfig(Duration interval, String user, String password, String dbname,
                            Duration connectTimeout) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);
    public static final String DEFAULT_USER = "postgres";
    public static final String DEFAULT_DBNAME = "postgres";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    public MonitorConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(dbname, "dbname");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** This poll interval, everything else at its default. */
    public MonitorConfig(Duration interval) {
        this(interval, DEFAULT_USER, null, DEFAULT_DBNAME, DEFAULT_CONNECT_TIMEOUT);
    }

    public static MonitorConfig defaults() {
        return new MonitorConfig(DEFAULT_INTERVAL);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "MonitorConfig[interval=" + Durations.format(interval) + ", user=" + user
                + ", password=" + (password == null ? "none" : "set") + ", dbname=" + dbname
                + ", connectTimeout=" + Durations.format(connectTimeout) + "]";
    }
}

// How often each node of a cluster is polled.
package dev.switchboard.config;

import java.time.Duration;
import java.util.Objects;

/** Node monitor settings. @param interval time between polls of each node; default 250ms; always positive */
public record MonitorConfig(Duration interval) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);

    public MonitorConfig {
        Objects.requireNonNull(interval, "interval");
    }

    public static MonitorConfig defaults() {
        return new MonitorConfig(DEFAULT_INTERVAL);
    }
}

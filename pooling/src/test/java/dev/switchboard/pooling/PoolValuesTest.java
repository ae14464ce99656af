// PoolKey naming, PoolSettings validation and duration text in messages.
package dev.switchboard.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolValuesTest {

    @Test
    void poolKeyIsNamedDatabaseDotUserAtNode() {
        assertEquals("app.app@127.0.0.1:5432", new PoolKey("127.0.0.1:5432", "app", "app").toString());
        assertEquals("sales.report@db2:5433", new PoolKey("db2:5433", "sales", "report").toString());
        assertThrows(NullPointerException.class, () -> new PoolKey(null, "app", "app"));
    }

    @Test
    void settingsAreValidatedWithClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PoolSettings(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertEquals("pool maxSize must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PoolSettings(1, Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO));
        assertEquals("pool waitTimeout must not be negative, got PT-1S", e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> new PoolSettings(1, Duration.ZERO, null, Duration.ZERO));
        assertEquals("idleTimeout", npe.getMessage());
        assertEquals(20, PoolSettings.defaults().maxSize());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PoolSettings(2, Duration.ZERO, Duration.ZERO, Duration.ZERO, 3, Duration.ZERO));
        assertEquals("pool minIdle must be between 0 and maxSize (2), got 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PoolSettings.defaults().withMinIdle(-1));
        e = assertThrows(IllegalArgumentException.class,
                () -> PoolSettings.defaults().withHealthCheckAfterIdle(Duration.ofSeconds(-1)));
        assertEquals("pool healthCheckAfterIdle must not be negative, got PT-1S", e.getMessage());
    }

    @Test
    void theFourArgumentSettingsKeepTheirMeaning() {
        PoolSettings s = new PoolSettings(5, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
        assertEquals(0, s.minIdle());
        assertEquals(Duration.ofSeconds(30), s.healthCheckAfterIdle());
        assertEquals(0, PoolSettings.defaults().minIdle());
        assertEquals(Duration.ofSeconds(30), PoolSettings.defaults().healthCheckAfterIdle());
        assertEquals(3, s.withMinIdle(3).minIdle());
        assertEquals(Duration.ZERO, s.withHealthCheckAfterIdle(Duration.ZERO).healthCheckAfterIdle());
    }

    @Test
    void durationsReadAsInTheConfig() {
        assertEquals("30s", Durations.format(Duration.ofSeconds(30)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("10m", Durations.format(Duration.ofMinutes(10)));
        assertEquals("1h", Durations.format(Duration.ofHours(1)));
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals(Durations.MAX_NANOS, Durations.toNanos(Duration.ofDays(365L * 1000)));
    }
}

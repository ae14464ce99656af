// Shared key and settings for pool tests.
package dev.switchboard.pooling;

import java.time.Duration;

final class TestPools {

    static final PoolKey KEY = new PoolKey("127.0.0.1:5432", "app", "app");

    private TestPools() {
    }

    /** Wait 30s, idle timeout and lifetime off. */
    static PoolSettings size(int maxSize) {
        return new PoolSettings(maxSize, Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
    }
}

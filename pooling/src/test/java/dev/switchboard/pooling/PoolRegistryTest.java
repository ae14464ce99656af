// One pool per key, created once; maintenance and close reach every pool.
package dev.switchboard.pooling;

import static dev.switchboard.pooling.Futures.done;
import static dev.switchboard.pooling.Futures.failure;
import static dev.switchboard.pooling.TestPools.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PoolRegistryTest {

    private static final PoolKey OTHER = new PoolKey("127.0.0.1:5433", "app", "app");

    private final ManualTicker ticker = new ManualTicker();
    private final PoolRegistry<FakeConnection> registry = new PoolRegistry<>();
    private final AtomicInteger built = new AtomicInteger();
    private final Function<PoolKey, Pool<FakeConnection>> factory = key -> {
        built.incrementAndGet();
        return new Pool<>(key, new PoolSettings(2, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ZERO),
                FakeConnector.immediate(), ticker);
    };

    @Test
    void onePoolPerKey() {
        Pool<FakeConnection> a = registry.pool(KEY, factory);
        assertSame(a, registry.pool(KEY, factory));
        Pool<FakeConnection> b = registry.pool(OTHER, factory);
        assertNotSame(a, b);
        assertEquals(2, built.get());
        assertEquals(Set.of(a, b), Set.copyOf(registry.pools()));
    }

    @Test
    void maintenanceRunsOnEveryPool() {
        Lease<FakeConnection> a = done(registry.pool(KEY, factory).acquire());
        Lease<FakeConnection> b = done(registry.pool(OTHER, factory).acquire());
        a.release();
        b.release();
        ticker.advance(Duration.ofMinutes(10));
        registry.runMaintenance();
        assertTrue(a.connection().isClosed());
        assertTrue(b.connection().isClosed());
    }

    @Test
    void closeClosesEveryPoolAndRefusesNewOnes() {
        Pool<FakeConnection> a = registry.pool(KEY, factory);
        registry.close();
        assertTrue(a.isClosed());
        assertInstanceOf(PoolClosedException.class, failure(a.acquire()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.pool(OTHER, factory));
        assertEquals("pool registry is closed", e.getMessage());
    }

    @Test
    void aFactoryMustBuildThePoolItWasAskedFor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.pool(OTHER, k -> factory.apply(KEY)));
        assertEquals("pool factory for \"app.app@127.0.0.1:5433\" built pool \"app.app@127.0.0.1:5432\"",
                e.getMessage());
        assertTrue(registry.pools().isEmpty());
    }
}

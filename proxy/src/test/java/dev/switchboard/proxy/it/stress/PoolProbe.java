// PoolProbe: what the proxy's pools hold, read through its context the way the other integration tests do.
package dev.switchboard.proxy.it.stress;

import dev.switchboard.proxy.it.ProxyHarness;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

final class PoolProbe {
    private final ProxyHarness proxy;

    PoolProbe(ProxyHarness proxy) {
        this.proxy = proxy;
    }

    int leased() {
        return proxy.server().context().allPools().stream().mapToInt(p -> p.activeCount()).sum();
    }

    /**
     * Waits (polling) until no server is leased; returns null then, else a description of every pool.
     * Once every client has gone, a leased server is one the proxy will never get back.
     */
    String awaitNothingLeased(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (leased() > 0) {
            if (System.nanoTime() > deadline) {
                return leased() + " server(s) still leased " + timeout.toSeconds() + " s after every client left: "
                        + proxy.server().context().allPools();
            }
            Thread.sleep(20); // polling interval, not a guess at how long anything takes
        }
        return null;
    }

    /** Every pool's lists (idle, active, waiting…), for a message about a request that got no answer. */
    String describe() {
        return String.valueOf(proxy.server().context().allPools());
    }

    /** Pins counted so far, by reason: shows which pin causes a run really reached. */
    Map<String, Long> pins() {
        Map<String, Long> byReason = new TreeMap<>();
        proxy.server().context().meters().find("switchboard.pins").counters()
                .forEach(c -> byReason.merge(c.getId().getTag("reason"), (long) c.count(), Long::sum));
        return byReason;
    }
}

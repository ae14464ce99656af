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

    /**
     * Null once no server is leased (waiting up to {@code timeout}), else what the pools hold. Once every
     * client has gone, a leased server is one the proxy will never get back.
     */
    String leasedAfterEveryoneLeft(Duration timeout) {
        try {
            proxy.awaitLeasesReturned(timeout);
            return null;
        } catch (AssertionError e) {
            return proxy.activeLeases() + " server(s) still leased " + timeout.toSeconds()
                    + " s after every client left: " + e.getMessage();
        }
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

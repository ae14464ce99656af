// PoolProbe: what the proxy's pools hold, read through its context the way the other integration tests do.
package dev.switchboard.proxy.it.stress;

import dev.switchboard.proxy.it.ProxyHarness;
import dev.switchboard.proxy.it.TestCluster;
import java.time.Duration;
import java.util.List;
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

    /**
     * For a message about a request that got no answer: every pool's lists (idle, active, waiting…), and what each
     * PostgreSQL backend of the proxied database is doing — an answer that never came may be a lock wait there.
     */
    String describe() {
        StringBuilder out = new StringBuilder(String.valueOf(proxy.server().context().allPools()));
        try {
            List<List<String>> backends = TestCluster.get().primary().query("postgres", "SELECT pid, state,"
                    + " coalesce(wait_event_type || ':' || wait_event, '-'), pg_blocking_pids(pid)::text,"
                    + " left(regexp_replace(query, '\\s+', ' ', 'g'), 60) FROM pg_stat_activity WHERE datname = '"
                    + Mode.PROXIED_DBNAME + "' ORDER BY pid");
            out.append("; backends (pid, state, wait, blocked by, last query): ").append(backends);
        } catch (RuntimeException e) {
            out.append("; backends unknown: ").append(e.getMessage());
        }
        return out.toString();
    }

    /** Pins counted so far, by reason: shows which pin causes a run really reached. */
    Map<String, Long> pins() {
        Map<String, Long> byReason = new TreeMap<>();
        proxy.server().context().meters().find("switchboard.pins").counters()
                .forEach(c -> byReason.merge(c.getId().getTag("reason"), (long) c.count(), Long::sum));
        return byReason;
    }
}

// Readiness: whether the proxy wants new clients and can serve writes everywhere, and if not, why not.
package dev.switchboard.proxy.admin;

import dev.switchboard.topology.TopologySnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The /health/ready verdict. Ready means every cluster has a write target: a load balancer or orchestrator that
 * sends clients here only while this holds keeps writers away from a proxy that would refuse them. Reads could
 * still be served, but a single readiness bit cannot express "partly ready", and refused writes are the failure
 * operators need to see. A draining proxy is not ready either: it is asking its clients to go elsewhere, and a load
 * balancer should stop sending new ones (its listeners are closed during a graceful stop).
 *
 * @param ready   not draining, and every cluster has a write target
 * @param reasons the drain, then one line per cluster without a write target; empty when ready
 */
record Readiness(boolean ready, List<String> reasons) {

    Readiness {
        reasons = List.copyOf(reasons);
    }

    static Readiness of(List<TopologySnapshot> snapshots, boolean draining) {
        List<String> reasons = new ArrayList<>();
        if (draining) {
            reasons.add("draining: clients are asked to reconnect to another instance or the successor");
        }
        for (TopologySnapshot snapshot : snapshots) {
            if (snapshot.writeTarget() == null) {
                reasons.add("cluster " + snapshot.cluster() + ": no write target: "
                        + (snapshot.noWriteReason() == null ? "reason unknown" : snapshot.noWriteReason()));
            }
        }
        return new Readiness(reasons.isEmpty(), reasons);
    }

    /** The response body: "ok", or the reasons one per line. */
    String text() {
        return ready ? "ok\n" : String.join("\n", reasons) + "\n";
    }
}

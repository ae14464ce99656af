// PinReport: tells the admin console's client list when a transaction-mode client is pinned to its server and when not.
package dev.switchboard.proxy.txn;

import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.console.ListedClient;
import dev.switchboard.proxy.sql.PinReason;
import java.util.stream.Collectors;

/** Reports from the session's event loop; the console reads the published record from its own. */
final class PinReport {
    private PinReport() {
    }

    /** From the session's first pin on, every change of its pins is reported (once set up, later calls do nothing). */
    static void follow(TransactionLink link) {
        Pins pins = link.pins();
        if (pins.followed()) {
            return;
        }
        ListedClient listed = link.context().clientList().byId(link.client().id());
        if (listed == null) {
            return;
        }
        pins.onChange(() -> {
            ServerConn server = link.server();
            String reasons = pins.reasons().stream().map(PinReason::description).collect(Collectors.joining(", "));
            listed.pins(server == null ? null : server.name(), server == null ? 0 : server.processId(), reasons);
        });
    }
}

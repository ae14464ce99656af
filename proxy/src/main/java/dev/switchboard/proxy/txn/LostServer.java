// LostServer: the error a transaction-mode client hears when its server went away during its transaction.
package dev.switchboard.proxy.txn;

import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.proxy.backend.ServerConn;

/** 08006, naming the node (and the failover when it was the primary), as a session that goes on hears it. */
final class LostServer {
    private LostServer() {
    }

    static ErrorResponse error(ServerConn lost, boolean primary, String why) {
        String node = primary ? "the primary " + lost.node() : lost.node();
        String next = primary ? "; new transactions wait for the new primary (failover)" : "";
        return ErrorResponse.error("08006", "server connection to " + node
                + " was lost during the transaction, which is rolled back: " + why + next);
    }
}

// PinnedTo: the server a transaction-mode client is pinned to, why, and since when — a SHOW PINS row's facts.
package dev.switchboard.proxy.console;

import java.time.Instant;

/**
 * @param server    the server connection's name, e.g. {@code s12@127.0.0.1:5432}
 * @param remotePid its backend's process id
 * @param reasons   what holds the client there, as the log line says it, comma-separated
 * @param since     when the client was first pinned (it stays so until every reason is gone)
 */
public record PinnedTo(String server, int remotePid, String reasons, Instant since) {
}

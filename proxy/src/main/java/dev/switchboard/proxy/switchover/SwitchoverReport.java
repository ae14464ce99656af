// SwitchoverReport: what one switchover did, for the console's reply, the HTTP answer and the log.
package dev.switchboard.proxy.switchover;

/**
 * @param cluster      the cluster
 * @param oldPrimary   the write target before, {@code host:port}
 * @param newPrimary   the write target after
 * @param writePauseMs from holding new transactions to letting them run on the new primary
 * @param drainMs      how long the transactions in flight took to finish (or to be cancelled)
 * @param cancelled    transactions still running after {@code failover.drain_timeout}, cancelled
 * @param promotion    how the promotion came: what Patroni answered, or "external"
 */
public record SwitchoverReport(String cluster, String oldPrimary, String newPrimary, long writePauseMs,
                               long drainMs, int cancelled, String promotion) {
}

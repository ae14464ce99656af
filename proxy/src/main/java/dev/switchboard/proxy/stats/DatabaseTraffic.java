// DatabaseTraffic: one database's transactions, queries, bytes and their times since start, for SHOW STATS.
package dev.switchboard.proxy.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Added to by the sessions' event loops once per finished transaction (see {@link TrafficTally}), read by the
 * console: LongAdders, so no loop waits for another.
 */
public final class DatabaseTraffic {
    final LongAdder transactions = new LongAdder();
    final LongAdder queries = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder transactionMicros = new LongAdder();
    final LongAdder queryMicros = new LongAdder();

    /** Transactions finished (ReadyForQuery 'I' after a request). */
    public long transactions() {
        return transactions.sum();
    }

    /** Requests answered by ReadyForQuery: a simple Query or an extended batch up to its Sync. */
    public long queries() {
        return queries.sum();
    }

    /** Bytes the clients sent. */
    public long received() {
        return received.sum();
    }

    /** Bytes sent to the clients. */
    public long sent() {
        return sent.sum();
    }

    /** Microseconds from a transaction's first request to its end. */
    public long transactionMicros() {
        return transactionMicros.sum();
    }

    /** Microseconds from each request to its ReadyForQuery. */
    public long queryMicros() {
        return queryMicros.sum();
    }
}

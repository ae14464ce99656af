// TrafficTally: one session's counts since its last finished transaction, handed to its database's DatabaseTraffic then.
package dev.switchboard.proxy.stats;

/**
 * Confined to the session's event loop: plain fields, touched per frame; the shared adders are added to once per
 * transaction. A request starts with the first client frame after a ReadyForQuery and ends with the next one; a
 * transaction runs from the first request after a ReadyForQuery 'I' to the next 'I'.
 */
public final class TrafficTally {
    private final DatabaseTraffic into;
    private boolean requestOpen;
    private boolean inTransaction;
    private long requestStart;
    private long transactionStart;
    private long queries;
    private long received;
    private long sent;
    private long queryNanos;

    public TrafficTally(DatabaseTraffic into) {
        this.into = into;
    }

    /** A piece of a client message of {@code bytes}; {@code first} when it starts the message. */
    public void fromClient(int bytes, boolean first) {
        received += bytes;
        if (first && !requestOpen) {
            requestOpen = true;
            requestStart = System.nanoTime();
            if (!inTransaction) {
                inTransaction = true;
                transactionStart = requestStart;
            }
        }
    }

    /** A piece of a message to the client. */
    public void toClient(int bytes) {
        sent += bytes;
    }

    /** The ReadyForQuery that answers a client request, with its transaction status. */
    public void ready(char status) {
        if (!requestOpen) {
            return; // the proxy's own request, or one the client never made
        }
        requestOpen = false;
        long now = System.nanoTime();
        queries++;
        queryNanos += now - requestStart;
        if (status == 'I') {
            inTransaction = false;
            into.transactions.increment();
            into.transactionMicros.add((now - transactionStart) / 1_000);
            flush();
        }
    }

    /** Hands what is counted to the database's totals (also when the session ends inside a transaction). */
    public void flush() {
        if (queries != 0) {
            into.queries.add(queries);
            into.queryMicros.add(queryNanos / 1_000);
        }
        if (received != 0) {
            into.received.add(received);
        }
        if (sent != 0) {
            into.sent.add(sent);
        }
        queries = 0;
        queryNanos = 0;
        received = 0;
        sent = 0;
    }
}

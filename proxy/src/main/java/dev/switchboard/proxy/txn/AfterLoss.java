// AfterLoss: what a transaction-mode client hears when the server it held went away.
package dev.switchboard.proxy.txn;

/**
 * Decided from where the client was when its server went: PostgreSQL's own rule is that a lost connection
 * rolls back the transaction, so the proxy owes the client exactly what a dedicated connection would have
 * said about the transaction — and nothing when there was none.
 */
enum AfterLoss {
    /** A shutdown answered the first request of a transaction before any reply: it goes to another server. */
    RESEND,
    /** The server held state the proxy cannot carry (a pin), or the session was still starting: FATAL 08006. */
    END_SESSION,
    /** A request was in flight and the client sent its end (Query, Sync): 08006 and ReadyForQuery now. */
    ANSWER_NOW,
    /** An extended batch was in flight without its Sync yet: 08006 now, the rest dropped up to Sync. */
    ANSWER_AT_SYNC,
    /** Idle inside a block: its next request gets 08006 instead of a server. */
    OWE_ERROR,
    /** Between transactions: the client lost nothing and hears nothing. */
    NOTHING;

    static AfterLoss decide(boolean resendable, boolean starting, boolean pinned, boolean inBlock,
                            boolean requestInFlight, boolean requestTerminated) {
        if (resendable) {
            return RESEND;
        }
        if (pinned || starting) {
            return END_SESSION;
        }
        if (requestInFlight) {
            return requestTerminated ? ANSWER_NOW : ANSWER_AT_SYNC;
        }
        return inBlock ? OWE_ERROR : NOTHING;
    }
}

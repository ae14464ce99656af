// GiveBack: whether a transaction-mode client's server can go back to the pool now, or what must happen first.
package dev.switchboard.proxy.txn;

/**
 * The lease/give-back decision. A server goes back only at rest (every request answered, no open block, no
 * reply held back, no cancel on its way) and only once nothing ties the client to it: a pin keeps it (a
 * statement that may have ended the pinned state asks the server first), a LISTEN the client ran on it is
 * undone, and read-your-writes reads the commit position before the server is let go.
 */
enum GiveBack {
    /** Not at rest: the server stays. */
    NOT_YET,
    /** Pinned, and nothing suggests the state is gone: the server stays. */
    STAY_PINNED,
    /** Pinned, but a statement may have released it: ask the server ({@link Pins#CHECK_SQL}), then decide again. */
    CHECK_PINS,
    /** The client ran LISTEN on this server: {@code UNLISTEN *}, then decide again. */
    UNLISTEN,
    /** Something that may have written ran: read the commit position ({@link CommitTokens}), then decide again. */
    CAPTURE_COMMIT_TOKEN,
    /** Back to the pool. */
    RELEASE;

    static GiveBack next(boolean atRest, boolean cancelInFlight, boolean pinned, boolean pinCheckDue,
                         boolean listening, boolean commitTokenDue) {
        if (!atRest || cancelInFlight) {
            return NOT_YET;
        }
        if (pinned) {
            return pinCheckDue ? CHECK_PINS : STAY_PINNED;
        }
        if (listening) {
            return UNLISTEN;
        }
        return commitTokenDue ? CAPTURE_COMMIT_TOKEN : RELEASE;
    }
}

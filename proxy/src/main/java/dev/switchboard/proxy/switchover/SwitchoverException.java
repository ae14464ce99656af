// SwitchoverException: a switchover, PAUSE or RESUME of a cluster refused or given up, in words for an operator.
package dev.switchboard.proxy.switchover;

/** The console answers it as an ERROR, the HTTP endpoint with 409 (refused) or 500 (given up). */
public final class SwitchoverException extends RuntimeException {
    private final boolean refused;

    SwitchoverException(String message, boolean refused) {
        super(message, null, false, false);
        this.refused = refused;
    }

    static SwitchoverException refused(String message) {
        return new SwitchoverException(message, true);
    }

    static SwitchoverException failed(String message) {
        return new SwitchoverException(message, false);
    }

    /** Nothing was changed: the request was refused before anything was held. */
    public boolean refused() {
        return refused;
    }
}

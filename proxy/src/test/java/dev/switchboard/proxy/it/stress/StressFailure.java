// StressFailure: one broken invariant, with everything needed to find it again (seed, client, mode, step).
package dev.switchboard.proxy.it.stress;

/** Thrown by a client's conversation; the test collects them and fails with all of them. */
final class StressFailure extends Exception {
    /** The same failure with more context appended to its message. */
    StressFailure(String message) {
        super(message);
    }

    StressFailure(String client, int step, String stepLabel, String what) {
        super(client + " step " + step + " [" + stepLabel + "]: " + what);
    }

    StressFailure(String client, int step, String stepLabel, String what, Throwable cause) {
        super(client + " step " + step + " [" + stepLabel + "]: " + what + ": " + cause, cause);
    }
}

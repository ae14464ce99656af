// Liveness: the bound within which every request must be answered — a hang detector, not a performance target.
package dev.switchboard.proxy.it.stress;

import java.time.Duration;

final class Liveness {
    /** Generous on a shared 2-core machine: anything slower than this is taken to be stuck. */
    static final Duration ANSWER_BOUND = Duration.ofSeconds(30);

    private Liveness() {
    }
}

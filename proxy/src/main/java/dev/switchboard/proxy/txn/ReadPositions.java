// ReadPositions: of two positions a read must see, the one that implies the other.
package dev.switchboard.proxy.txn;

import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.Lsn;

/**
 * A later timeline's position implies the earlier timeline's history up to its switch point (what lay beyond it
 * was never part of the cluster's history again); on one timeline the higher position implies the lower.
 */
final class ReadPositions {
    private ReadPositions() {
    }

    /** The position that implies both; null when both are null. */
    static CommitToken later(CommitToken a, CommitToken b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.timeline() != b.timeline()) {
            return Integer.compareUnsigned(a.timeline(), b.timeline()) > 0 ? a : b;
        }
        return Lsn.atLeast(a.lsn(), b.lsn()) ? a : b;
    }
}

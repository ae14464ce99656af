// Other Switchboard instances in front of the same clusters, for cancel requests that reach the wrong one.
package dev.switchboard.config;

import java.util.Map;
import java.util.Objects;

/**
 * Peering: every instance has its own id, and all share a secret. Cancel keys name the instance that issued
 * them and are signed with the secret, so a cancel request that reaches another instance is forwarded to the
 * right one.
 *
 * @param self      this instance's id, 1..{@value #MAX_ID}
 * @param secret    shared by every instance; signs cancel keys (never shown in {@link #toString()})
 * @param instances the other instances' client addresses, by id
 */
public record PeersConfig(int self, String secret, Map<Integer, NodeAddress> instances) {
    /** Ids live in the top byte of a positive process id. */
    public static final int MAX_ID = 127;
    /** Shorter secrets are guessable. */
    public static final int MIN_SECRET_LENGTH = 16;

    public PeersConfig {
        Objects.requireNonNull(secret, "secret");
        instances = Map.copyOf(instances);
        if (self < 1 || self > MAX_ID) {
            throw new IllegalArgumentException("self must be 1.." + MAX_ID + ", got " + self);
        }
    }

    @Override
    public String toString() {
        return "PeersConfig[self=" + self + ", secret=(hidden), instances=" + instances + "]";
    }
}

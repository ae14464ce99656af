// Authority: an external HA manager whose word decides which node may take writes.
package dev.switchboard.topology;

/** An external source of truth for the leader (Patroni). Implementations poll on their own thread. */
public interface Authority extends AutoCloseable {
    /** Starts polling; {@code listener} gets every verdict read (also repeated ones). */
    void start(java.util.function.Consumer<AuthorityVerdict> listener);

    /** Stops polling; idempotent. */
    @Override
    void close();
}

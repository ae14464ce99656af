// ReconnectPolicy: when a listener hub that lost its server tries again, and when it stops trying.
package dev.switchboard.proxy.notify;

import java.util.concurrent.CompletableFuture;

/** Paces a hub's reconnect attempts after its server was lost while clients still listened. */
@FunctionalInterface
public interface ReconnectPolicy {

    /** Gives up at once: the hub's sinks hear {@link NotificationSink#hubLost} when the server goes. */
    ReconnectPolicy NEVER = (failures, lostAtNanos) -> CompletableFuture.failedFuture(
            new IllegalStateException("the hub does not reconnect"));

    /**
     * Called right after the loss ({@code failures} 0) and after each failed attempt: completes when the
     * hub should try again; fails, with the reason in words for the clients, when it should give up.
     *
     * @param lostAtNanos {@link System#nanoTime()} when the server was lost
     */
    CompletableFuture<Void> next(int failures, long lostAtNanos);
}

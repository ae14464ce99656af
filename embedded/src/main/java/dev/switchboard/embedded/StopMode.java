// The shutdown modes of pg_ctl stop -m.
package dev.switchboard.embedded;

/** How a node is stopped; maps one-to-one onto {@code pg_ctl stop -m smart|fast|immediate}. */
public enum StopMode {
    /** Wait for every client to disconnect, then shut down cleanly. */
    SMART,
    /** Roll back open transactions, disconnect clients, shut down cleanly. */
    FAST,
    /** Quit without a shutdown checkpoint; the next start runs crash recovery. */
    IMMEDIATE;

    /** The value passed to {@code pg_ctl -m}. */
    String pgCtlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

// Route: what kind of node one transaction (or session) needs.
package dev.switchboard.topology;

/** The routing need of one unit of work, derived from a database's target and whether the work writes. */
public enum Route {
    /** The write target only. */
    WRITE,
    /** A standby only. */
    STANDBY,
    /** A standby when one is eligible, else the write target. */
    PREFER_STANDBY,
    /** Any eligible node, the write target included. */
    ANY
}

// ConsoleAccess: how far a console user may go — every command, or SHOW only.
package dev.switchboard.proxy.console;

import dev.switchboard.config.ConsoleUsers;

/** From the configuration's admin_users and stats_users; anyone else is not let in. */
public enum ConsoleAccess {
    ADMIN,
    STATS;

    /** The access of {@code user}, or null when the console is closed to them. */
    public static ConsoleAccess of(ConsoleUsers users, String user) {
        if (users.isAdmin(user)) {
            return ADMIN;
        }
        return users.mayShow(user) ? STATS : null;
    }
}

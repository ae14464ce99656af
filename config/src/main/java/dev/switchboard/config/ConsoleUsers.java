// ConsoleUsers: the top-level admin_users and stats_users — who may use the admin console, and how far.
package dev.switchboard.config;

import java.util.List;

/**
 * User names, as in PgBouncer: an admin user may run every console command, a stats user only SHOW. Both log in
 * with their usual method; a name in both lists is an admin user.
 *
 * @param adminUsers users who may run every console command
 * @param statsUsers users who may run the console's SHOW commands
 */
public record ConsoleUsers(List<String> adminUsers, List<String> statsUsers) {
    /** The names clients connect to for the console: PgBouncer's, and this proxy's own. */
    public static final List<String> DATABASES = List.of("pgbouncer", "switchboard");

    /** Nobody may use the console. */
    public static final ConsoleUsers NONE = new ConsoleUsers(List.of(), List.of());

    public ConsoleUsers {
        adminUsers = List.copyOf(adminUsers);
        statsUsers = List.copyOf(statsUsers);
    }

    public boolean isAdmin(String user) {
        return adminUsers.contains(user);
    }

    /** Whether the user may use the console at all (an admin user may SHOW too). */
    public boolean mayShow(String user) {
        return isAdmin(user) || statsUsers.contains(user);
    }
}

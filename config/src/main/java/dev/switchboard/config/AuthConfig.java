// Global client authentication settings.
package dev.switchboard.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Global authentication settings.
 *
 * @param defaultMethod method for users without {@code auth}; never trust
 * @param query          nullable: how users absent from {@code users} are looked up in PostgreSQL; null = they are not
 * @param trustOnNetwork whether a user may have {@code auth: trust} while the client listener is reachable from
 *                       other hosts (not bound to a loopback address); false by default
 */
public record AuthConfig(ClientAuthMethod defaultMethod, Query query, boolean trustOnNetwork) {

    public static final ClientAuthMethod DEFAULT_METHOD = ClientAuthMethod.SCRAM_SHA_256;

    public AuthConfig {
        Objects.requireNonNull(defaultMethod, "defaultMethod");
    }

    /** Settings without a user lookup, trust allowed on loopback listeners only. */
    public AuthConfig(ClientAuthMethod defaultMethod) {
        this(defaultMethod, null, false);
    }

    public static AuthConfig defaults() {
        return new AuthConfig(DEFAULT_METHOD);
    }

    /**
     * {@code auth.query}: a user that is not configured is looked up with {@code sql} ($1 = the user name; it returns
     * the name and the SCRAM secret or md5 hash, as {@code pg_authid.rolpassword} holds it), run as {@code user} in
     * the client's database on its cluster's write target. Answers are kept for {@code cache}.
     *
     * @param user     the role the lookup logs in as
     * @param password nullable: its password; null when PostgreSQL trusts it
     * @param sql      the lookup query
     * @param cache    how long an answer (found or not) is kept; zero = not kept
     */
    public record Query(String user, String password, String sql, Duration cache) {
        public static final String DEFAULT_SQL = "SELECT rolname, rolpassword FROM pg_authid WHERE rolname = $1 AND rolcanlogin";
        public static final Duration DEFAULT_CACHE = Duration.ofSeconds(30);

        public Query {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(sql, "sql");
            Objects.requireNonNull(cache, "cache");
        }

        /** Never prints the password. */
        @Override
        public String toString() {
            return "Query[user=" + user + ", password=" + (password == null ? "none" : "set") + ", sql=" + sql
                    + ", cache=" + Durations.format(cache) + "]";
        }
    }
}

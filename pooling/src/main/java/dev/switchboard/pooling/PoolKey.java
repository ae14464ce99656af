// The identity of one pool: which node, which database (as clients name it), which user.
package dev.switchboard.pooling;

import java.util.Objects;

/**
 * Identifies a pool: server connections are shared only between clients with the same key.
 *
 * @param node     the server address as configured, e.g. {@code 127.0.0.1:5432}
 * @param database the database as clients name it (a configured database; several may share one real database,
 *                 each with its own pool settings)
 * @param user     the user the server connections authenticate as
 */
public record PoolKey(String node, String database, String user) {

    public PoolKey {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
    }

    /**
     * The pool's name in errors, logs and the admin console: {@code database.user@node}, e.g.
     * {@code app.app@127.0.0.1:5432}.
     */
    @Override
    public String toString() {
        return database + '.' + user + '@' + node;
    }
}

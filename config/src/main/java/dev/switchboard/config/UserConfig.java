// A user allowed to connect, with client-side and backend-side credentials and connection limits.
package dev.switchboard.config;

import java.util.Objects;

/**
 * A client user.
 *
 * @param name                 login name clients use
 * @param password             nullable: plaintext, a PostgreSQL SCRAM secret ({@code SCRAM-SHA-256$...}) or an
 *                             {@code md5} hash; see {@link #passwordKind()}
 * @param auth                 how clients authenticate; default {@code auth.default_method}
 * @param backendUser          user name for the backend connection; default = {@code name}
 * @param backendPassword      nullable password for the backend; default = {@code password} when that is plaintext
 * @param poolMode             nullable per-user pool mode override; see {@link DatabaseConfig#poolModeFor}
 * @param maxServerConnections server connections for this user across all databases and nodes; 0 (the default)
 *                             = no limit beyond the pool sizes
 * @param maxClientConnections client connections this user may have open at once; 0 (the default) = no limit
 *                             beyond {@code listen.max_client_connections}
 */
public record UserConfig(String name, String password, ClientAuthMethod auth, String backendUser,
                         String backendPassword, PoolMode poolMode, int maxServerConnections,
                         int maxClientConnections) {

    public static final int DEFAULT_MAX_SERVER_CONNECTIONS = 0;
    public static final int DEFAULT_MAX_CLIENT_CONNECTIONS = 0;

    public UserConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(backendUser, "backendUser");
        if (maxServerConnections < 0 || maxClientConnections < 0) {
            throw new IllegalArgumentException("connection limits must not be negative, got maxServerConnections "
                    + maxServerConnections + ", maxClientConnections " + maxClientConnections);
        }
    }

    /** A user without connection limits of its own. */
    public UserConfig(String name, String password, ClientAuthMethod auth, String backendUser,
                      String backendPassword, PoolMode poolMode) {
        this(name, password, auth, backendUser, backendPassword, poolMode, DEFAULT_MAX_SERVER_CONNECTIONS,
                DEFAULT_MAX_CLIENT_CONNECTIONS);
    }

    /** What {@link #password()} holds; null when there is no password. */
    public PasswordKind passwordKind() {
        return password == null ? null : PasswordKind.classify(password);
    }

    /** Never prints the passwords. */
    @Override
    public String toString() {
        return "UserConfig[name=" + name + ", password=" + (password == null ? "none" : passwordKind())
                + ", auth=" + auth.yamlName() + ", backendUser=" + backendUser
                + ", backendPassword=" + (backendPassword == null ? "none" : "set")
                + ", poolMode=" + (poolMode == null ? "default" : poolMode.yamlName())
                + ", maxServerConnections=" + maxServerConnections
                + ", maxClientConnections=" + maxClientConnections + "]";
    }
}

// A user allowed to connect, with client-side and backend-side credentials.
package dev.switchboard.config;

import java.util.Objects;

/**
 * A client user.
 *
 * @param name            login name clients use
 * @param password        nullable: plaintext, a PostgreSQL SCRAM secret ({@code SCRAM-SHA-256$...}) or an
 *                        {@code md5} hash; see {@link #passwordKind()}
 * @param auth            how clients authenticate; default {@code auth.default_method}
 * @param backendUser     user name for the backend connection; default = {@code name}
 * @param backendPassword nullable password for the backend; default = {@code password} when that is plaintext
 * @param poolMode        nullable per-user pool mode override; see {@link DatabaseConfig#poolModeFor}
 */
public record UserConfig(String name, String password, ClientAuthMethod auth, String backendUser,
                         String backendPassword, PoolMode poolMode) {

    public UserConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(backendUser, "backendUser");
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
                + ", poolMode=" + (poolMode == null ? "default" : poolMode.yamlName()) + "]";
    }
}

// AuthQuery: looks up users absent from the configuration in PostgreSQL (auth.query), with a short cache.
package dev.switchboard.proxy.auth;

import dev.switchboard.config.AuthConfig;
import dev.switchboard.config.ClientAuthMethod;
import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.PasswordKind;
import dev.switchboard.config.UserConfig;
import dev.switchboard.proxy.backend.ServerConn;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user found this way logs in with SCRAM-SHA-256 (a SCRAM secret was stored) or md5 (an md5 hash), and the
 * proxy logs in to PostgreSQL for it with {@link ScramPassthrough} or the md5 hash: no password is known or
 * stored anywhere. Answers, "no such user" included, are kept per cluster and user for {@code auth.query.cache},
 * so a login storm runs one query per user. A lookup that fails (the cluster is down, the query is wrong) fails
 * the login like an unknown user and is not cached.
 */
public final class AuthQuery {
    private static final Logger log = LoggerFactory.getLogger(AuthQuery.class);

    private final AuthConfig.Query config;
    /** Opens a connection as the auth user to the database's write target. */
    private final Function<DatabaseConfig, CompletableFuture<ServerConn>> connect;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<UserConfig> user, long expiresAt) {
    }

    public AuthQuery(AuthConfig.Query config, Function<DatabaseConfig, CompletableFuture<ServerConn>> connect) {
        this.config = config;
        this.connect = connect;
    }

    public AuthConfig.Query config() {
        return config;
    }

    /** The user {@code name} as PostgreSQL stores it, or empty when it has no such login role (or no usable password). */
    public CompletableFuture<Optional<UserConfig>> find(String name, DatabaseConfig database) {
        String key = database.cluster() + "/" + name;
        Cached cached = cache.get(key);
        long now = System.nanoTime();
        if (cached != null && now - cached.expiresAt() < 0) {
            return CompletableFuture.completedFuture(cached.user());
        }
        CompletableFuture<ServerConn> connected;
        try {
            connected = connect.apply(database);
        } catch (RuntimeException e) {
            connected = CompletableFuture.failedFuture(e);
        }
        return connected
                .thenCompose(server -> AuthLookup.run(server, config.sql(), name))
                .thenApply(stored -> {
                    Optional<UserConfig> user = stored.flatMap(secret -> userWith(name, secret));
                    if (!config.cache().isZero()) {
                        cache.put(key, new Cached(user, System.nanoTime() + config.cache().toNanos()));
                    }
                    return user;
                })
                .whenComplete((user, error) -> {
                    if (error != null) {
                        log.warn("auth.query for user \"{}\" failed: {}", name, error.getMessage());
                    }
                });
    }

    /** A looked-up user: SCRAM or md5 as its stored password says; a plain-text one (or none) is not used. */
    private static Optional<UserConfig> userWith(String name, String stored) {
        PasswordKind kind = PasswordKind.classify(stored);
        ClientAuthMethod method = switch (kind) {
            case SCRAM_SECRET -> ClientAuthMethod.SCRAM_SHA_256;
            case MD5_HASH -> ClientAuthMethod.MD5;
            default -> null;
        };
        if (method == null) {
            return Optional.empty();
        }
        // No backend password: SCRAM pass-through, or the md5 hash itself (which md5 login accepts).
        return Optional.of(new UserConfig(name, stored, method, name, kind == PasswordKind.MD5_HASH ? stored : null,
                null));
    }
}

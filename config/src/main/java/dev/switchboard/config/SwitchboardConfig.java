// The whole validated configuration: the root of the immutable model.
package dev.switchboard.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A complete, validated configuration. Maps are unmodifiable and keep file order.
 *
 * @param listen    client listener
 * @param limits    protective limits
 * @param pool      global pool settings (each database holds its merged copy)
 * @param clusters  clusters by name, at least one
 * @param databases virtual databases by client-visible name, at least one
 * @param users     users by name
 * @param auth      global authentication settings
 * @param http      nullable: the admin/metrics HTTP listener; null = none
 * @param tls       TLS towards clients and towards PostgreSQL
 * @param access    who may connect from where, in order (empty: everyone may go on to authentication)
 * @param peers     nullable: the other instances a cancel request may have to be forwarded to; null = none
 * @param console   who may use the admin console
 */
public record SwitchboardConfig(ListenConfig listen, LimitsConfig limits, PoolConfig pool,
                                Map<String, ClusterConfig> clusters, Map<String, DatabaseConfig> databases,
                                Map<String, UserConfig> users, AuthConfig auth, HttpConfig http, TlsConfig tls,
                                java.util.List<AccessRule> access, PeersConfig peers, ConsoleUsers console) {

    public SwitchboardConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(pool, "pool");
        clusters = frozen(clusters);
        databases = frozen(databases);
        users = frozen(users);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tls, "tls");
        access = java.util.List.copyOf(access);
        Objects.requireNonNull(console, "console");
    }

    /** A configuration in which nobody may use the admin console. */
    public SwitchboardConfig(ListenConfig listen, LimitsConfig limits, PoolConfig pool,
                             Map<String, ClusterConfig> clusters, Map<String, DatabaseConfig> databases,
                             Map<String, UserConfig> users, AuthConfig auth, HttpConfig http, TlsConfig tls,
                             java.util.List<AccessRule> access, PeersConfig peers) {
        this(listen, limits, pool, clusters, databases, users, auth, http, tls, access, peers, ConsoleUsers.NONE);
    }

    /** A configuration without access rules and without peers. */
    public SwitchboardConfig(ListenConfig listen, LimitsConfig limits, PoolConfig pool,
                             Map<String, ClusterConfig> clusters, Map<String, DatabaseConfig> databases,
                             Map<String, UserConfig> users, AuthConfig auth, HttpConfig http, TlsConfig tls) {
        this(listen, limits, pool, clusters, databases, users, auth, http, tls, java.util.List.of(), null);
    }

    /** A configuration with TLS's defaults (none towards clients; see {@link TlsConfig#defaults}). */
    public SwitchboardConfig(ListenConfig listen, LimitsConfig limits, PoolConfig pool,
                             Map<String, ClusterConfig> clusters, Map<String, DatabaseConfig> databases,
                             Map<String, UserConfig> users, AuthConfig auth, HttpConfig http) {
        this(listen, limits, pool, clusters, databases, users, auth, http, TlsConfig.defaults());
    }

    /** A configuration without an HTTP listener. */
    public SwitchboardConfig(ListenConfig listen, LimitsConfig limits, PoolConfig pool,
                             Map<String, ClusterConfig> clusters, Map<String, DatabaseConfig> databases,
                             Map<String, UserConfig> users, AuthConfig auth) {
        this(listen, limits, pool, clusters, databases, users, auth, null, TlsConfig.defaults());
    }

    /**
     * The virtual database a client asks for by name; with a fallback database {@code "*"}, any other name is
     * that database's settings serving the same-named database of its cluster.
     */
    public Optional<DatabaseConfig> database(String name) {
        DatabaseConfig configured = databases.get(name);
        if (configured != null) {
            return Optional.of(configured);
        }
        DatabaseConfig fallback = databases.get(DatabaseConfig.FALLBACK);
        return fallback == null || name == null || name.isEmpty() ? Optional.empty()
                : Optional.of(fallback.servingDatabase(name));
    }

    /** The configured user with this login name. */
    public Optional<UserConfig> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /** The cluster with this name. */
    public Optional<ClusterConfig> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    private static <V> Map<String, V> frozen(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(map)));
    }
}

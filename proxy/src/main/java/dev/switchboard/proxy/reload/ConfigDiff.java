// ConfigDiff: what a reload changes between the running configuration and a new file, and what waits for a restart.
package dev.switchboard.proxy.reload;

import dev.switchboard.config.ClusterConfig;
import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.config.UserConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The difference of two validated configurations, and the configuration that can be applied without a restart:
 * the new file's databases, users, access rules and console users over the running sections that are bound at
 * start (listener, TLS, clusters, limits, auth, HTTP, peers).
 *
 * @param databasesAdded     new databases, served from now on
 * @param databasesRemoved   databases gone: their clients finish, new logins are refused
 * @param poolsChanged       databases whose pool settings changed: their pools take the new ones in place
 * @param databasesChanged   databases whose other settings changed, for clients that log in from now on
 * @param databasesRetargeted databases now served elsewhere (cluster, dbname, target): their pools are replaced
 * @param usersAdded         new users
 * @param usersRemoved       users gone: new logins are refused
 * @param usersChanged       users changed (password, auth, ...): for logins and server connections from now on
 * @param clusterNodesChanged clusters whose node list changed: nodes added are monitored, removed ones retired
 * @param needRestart        keys that differ in the file but are bound at start, applied only by a restart
 * @param applicable         the configuration to run from now on
 */
public record ConfigDiff(List<String> databasesAdded, List<String> databasesRemoved, List<String> poolsChanged,
                         List<String> databasesChanged, List<String> databasesRetargeted, List<String> usersAdded,
                         List<String> usersRemoved, List<String> usersChanged, List<String> clusterNodesChanged,
                         List<String> needRestart, SwitchboardConfig applicable) {

    public ConfigDiff {
        databasesAdded = List.copyOf(databasesAdded);
        databasesRemoved = List.copyOf(databasesRemoved);
        poolsChanged = List.copyOf(poolsChanged);
        databasesChanged = List.copyOf(databasesChanged);
        databasesRetargeted = List.copyOf(databasesRetargeted);
        usersAdded = List.copyOf(usersAdded);
        usersRemoved = List.copyOf(usersRemoved);
        usersChanged = List.copyOf(usersChanged);
        clusterNodesChanged = List.copyOf(clusterNodesChanged);
        needRestart = List.copyOf(needRestart);
        Objects.requireNonNull(applicable, "applicable");
    }

    /** What changes from {@code running} to {@code next}. */
    public static ConfigDiff between(SwitchboardConfig running, SwitchboardConfig next) {
        List<String> restart = new ArrayList<>();
        section("listen", running.listen(), next.listen(), restart);
        section("limits", running.limits(), next.limits(), restart);
        List<String> nodesChanged = new ArrayList<>();
        Map<String, ClusterConfig> clusters = clusters(running, next, nodesChanged, restart);
        section("auth", running.auth(), next.auth(), restart);
        section("http", running.http(), next.http(), restart);
        section("tls", running.tls(), next.tls(), restart);
        section("peers", running.peers(), next.peers(), restart);

        Map<String, DatabaseConfig> databases = new LinkedHashMap<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> pools = new ArrayList<>();
        List<String> retargeted = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (DatabaseConfig db : next.databases().values()) {
            DatabaseConfig old = running.databases().get(db.name());
            if (!running.clusters().containsKey(db.cluster())) {
                // Monitors and routing exist only for the clusters known at start.
                restart.add("databases." + db.name() + ".cluster");
                if (old != null) {
                    databases.put(old.name(), old);
                }
            } else if (old != null && old.maxServerConnections() != db.maxServerConnections()) {
                // The shared budget is sized when its first pool is made.
                restart.add("databases." + db.name() + ".max_server_connections");
                databases.put(old.name(), old);
            } else {
                databases.put(db.name(), db);
                if (old == null) {
                    added.add(db.name());
                } else if (!sameTarget(old, db)) {
                    retargeted.add(db.name());
                } else if (!old.equals(db)) {
                    // Pool settings apply to the running pools; the rest (lag bounds, read-your-writes) to new logins.
                    (old.pool().equals(db.pool()) ? changed : pools).add(db.name());
                }
            }
        }
        for (String name : running.databases().keySet()) {
            if (!next.databases().containsKey(name)) {
                removed.add(name);
            }
        }

        Map<String, UserConfig> users = new LinkedHashMap<>();
        List<String> usersAdded = new ArrayList<>();
        List<String> usersRemoved = new ArrayList<>();
        List<String> usersChanged = new ArrayList<>();
        for (UserConfig user : next.users().values()) {
            UserConfig old = running.users().get(user.name());
            if (old != null && (old.maxClientConnections() != user.maxClientConnections()
                    || old.maxServerConnections() != user.maxServerConnections())) {
                // Clients are counted against the limit they logged in under; the budget is sized once.
                restart.add("users." + user.name() + ".max_client_connections/max_server_connections");
                users.put(old.name(), old);
                continue;
            }
            users.put(user.name(), user);
            if (old == null) {
                usersAdded.add(user.name());
            } else if (!old.equals(user)) {
                usersChanged.add(user.name());
            }
        }
        for (String name : running.users().keySet()) {
            if (!next.users().containsKey(name)) {
                usersRemoved.add(name);
            }
        }

        SwitchboardConfig applicable = new SwitchboardConfig(running.listen(), running.limits(), next.pool(),
                clusters, databases, users, running.auth(), running.http(), running.tls(), next.access(),
                running.peers(), next.console());
        return new ConfigDiff(added, removed, pools, changed, retargeted, usersAdded, usersRemoved, usersChanged,
                nodesChanged, restart, applicable);
    }

    /**
     * The running clusters with the new file's node lists: a node list is applied live, anything else of a cluster
     * (monitor, failover, authority settings) and clusters added or removed wait for a restart ("clusters").
     */
    private static Map<String, ClusterConfig> clusters(SwitchboardConfig running, SwitchboardConfig next,
                                                       List<String> nodesChanged, List<String> restart) {
        Map<String, ClusterConfig> clusters = new LinkedHashMap<>(running.clusters());
        boolean other = !running.clusters().keySet().equals(next.clusters().keySet());
        for (ClusterConfig old : running.clusters().values()) {
            ClusterConfig now = next.clusters().get(old.name());
            if (now == null || now.equals(old)) {
                continue;
            }
            ClusterConfig nodesOnly = new ClusterConfig(old.name(), now.nodes(), old.monitor(), old.failover(),
                    old.authority());
            if (!now.nodes().equals(old.nodes())) {
                clusters.put(old.name(), nodesOnly);
                nodesChanged.add(old.name());
            }
            other |= !nodesOnly.equals(now);
        }
        if (other) {
            restart.add("clusters");
        }
        return clusters;
    }

    /** Whether nothing at all differs. */
    public boolean isEmpty() {
        return databasesAdded.isEmpty() && databasesRemoved.isEmpty() && poolsChanged.isEmpty()
                && databasesChanged.isEmpty()
                && databasesRetargeted.isEmpty() && usersAdded.isEmpty() && usersRemoved.isEmpty()
                && usersChanged.isEmpty() && clusterNodesChanged.isEmpty() && needRestart.isEmpty();
    }

    /** One line for the log and the console, naming only what differs. */
    public String describe() {
        if (isEmpty()) {
            return "no change";
        }
        List<String> parts = new ArrayList<>();
        part("databases added", databasesAdded, parts);
        part("databases removed", databasesRemoved, parts);
        part("pools resized or reconfigured", poolsChanged, parts);
        part("databases changed for new logins", databasesChanged, parts);
        part("databases moved (pools replaced)", databasesRetargeted, parts);
        part("users added", usersAdded, parts);
        part("users removed", usersRemoved, parts);
        part("users changed", usersChanged, parts);
        part("cluster nodes changed", clusterNodesChanged, parts);
        part("not applied, need a restart", needRestart, parts);
        return String.join("; ", parts);
    }

    private static void part(String label, List<String> names, List<String> parts) {
        if (!names.isEmpty()) {
            parts.add(label + ": " + String.join(", ", names));
        }
    }

    private static void section(String key, Object running, Object next, List<String> restart) {
        if (!Objects.equals(running, next)) {
            restart.add(key);
        }
    }

    private static boolean sameTarget(DatabaseConfig a, DatabaseConfig b) {
        return a.cluster().equals(b.cluster()) && a.dbname().equals(b.dbname())
                && Objects.equals(a.target(), b.target());
    }
}

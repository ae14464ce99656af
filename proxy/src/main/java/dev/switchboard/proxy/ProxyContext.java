// ProxyContext: what every connection handler of one running proxy shares (configuration, pools, keys, loops).
package dev.switchboard.proxy;

import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.NodeAddress;
import dev.switchboard.config.PoolConfig;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.config.UserConfig;
import dev.switchboard.pooling.ConnectionBudget;
import dev.switchboard.pooling.Pool;
import dev.switchboard.pooling.PoolKey;
import dev.switchboard.pooling.PoolRegistry;
import dev.switchboard.pooling.PoolSettings;
import dev.switchboard.pooling.Ticker;
import dev.switchboard.protocol.auth.Md5Password;
import dev.switchboard.proxy.auth.AuthQuery;
import dev.switchboard.proxy.cancel.CancelRateLimit;
import dev.switchboard.proxy.auth.ScramPassthrough;
import dev.switchboard.proxy.tls.ClientTls;
import dev.switchboard.proxy.tls.ServerTls;
import dev.switchboard.proxy.tls.TlsEngine;
import dev.switchboard.proxy.notify.HubState;
import dev.switchboard.proxy.notify.ListenerHub;
import dev.switchboard.proxy.notify.ListenerHubs;
import dev.switchboard.proxy.notify.NotificationBacklog;
import dev.switchboard.proxy.notify.ReconnectPolicy;
import dev.switchboard.proxy.prepared.StatementRegistry;
import dev.switchboard.proxy.reload.ConfigDiff;
import dev.switchboard.proxy.reload.ConfigReloader;
import dev.switchboard.proxy.sql.Classification;
import dev.switchboard.proxy.sql.SqlClassifier;
import dev.switchboard.proxy.topology.ClusterRouting;
import dev.switchboard.proxy.topology.NoEligibleNodeException;
import dev.switchboard.proxy.topology.Topologies;
import dev.switchboard.topology.LagBound;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.Route;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.switchboard.protocol.auth.ScramSecret;
import dev.switchboard.proxy.admin.AdminView;
import dev.switchboard.proxy.admin.ProxyActivity;
import dev.switchboard.proxy.admin.RecentEvents;
import dev.switchboard.proxy.admin.TopologyChanges;
import dev.switchboard.proxy.switchover.Switchovers;
import dev.switchboard.proxy.backend.BackendConnector;
import dev.switchboard.proxy.auth.AuthQuery;
import dev.switchboard.proxy.cancel.CancelRateLimit;
import dev.switchboard.proxy.auth.ScramPassthrough;
import dev.switchboard.proxy.tls.ClientTls;
import dev.switchboard.proxy.tls.ServerTls;
import dev.switchboard.proxy.tls.TlsEngine;
import dev.switchboard.proxy.backend.ConnectorFactory;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.cancel.CancelKeys;
import dev.switchboard.proxy.link.StallWatch;
import io.netty.channel.EventLoopGroup;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared, thread-safe state of one proxy instance. */
public final class ProxyContext {
    /** Changed only by {@link #apply}; handlers read it once per login or connect and never lock. */
    private volatile SwitchboardConfig config;
    private final Transport transport;
    private final EventLoopGroup workers;
    private final CancelKeys cancelKeys;
    private final PoolRegistry<ServerConn> pools = new PoolRegistry<>();
    /** Pools of transaction- and statement-mode clients: their servers carry renamed statements and settings. */
    private final PoolRegistry<ServerConn> multiplexedPools = new PoolRegistry<>();
    private final StatementRegistry statementRegistry = new StatementRegistry(100_000);
    private final ListenerHubs listenerHubs = new ListenerHubs();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Topologies topologies;
    private final StallWatch stallWatch;
    private final ConnectorFactory connectors;
    private final NotificationBacklog notificationBacklog;
    private final SharedBudgets sharedBudgets = new SharedBudgets();
    private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.atomic.AtomicInteger> clientsPerUser =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** One budget per limited database or user, shared by every pool that counts against it. */
    private static final class SharedBudgets {
        private final java.util.concurrent.ConcurrentMap<String, ConnectionBudget> byName =
                new java.util.concurrent.ConcurrentHashMap<>();

        ConnectionBudget computeIfAbsent(String name, int max) {
            return byName.computeIfAbsent(name, n -> new ConnectionBudget(n, max));
        }
    }
    private final AtomicInteger clients = new AtomicInteger();
    /** Topology epochs per cluster, for clients with the topology extension. */
    private final Map<String, dev.switchboard.proxy.extensions.TopologyFeed> topologyFeeds = new HashMap<>();
    private final dev.switchboard.proxy.extensions.Drain drain;
    private final java.util.Set<dev.switchboard.proxy.handoff.Movable> movableClients =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Derived from {@link #config} and replaced with it. */
    private volatile Map<String, ScramSecret> scramSecrets;
    private final ConfigReloader reloader = new ConfigReloader(this);
    /** Null when clients cannot use TLS. */
    private final ClientTls clientTls;
    private final ServerTls serverTls;
    private final ScramPassthrough scramPassthrough = new ScramPassthrough();
    private final CancelRateLimit cancelRateLimit;
    /** Null without auth.query. */
    private final AuthQuery authQuery;
    private final byte[] mockAuthKey = new byte[32];
    private final CompletableFuture<Void> shutdownRequested = new CompletableFuture<>();
    private final CompletableFuture<Void> acceptingStopped = new CompletableFuture<>();
    private final dev.switchboard.proxy.console.ClientList clientList =
            new dev.switchboard.proxy.console.ClientList(java.time.Clock.systemDefaultZone());
    /** Role changes and handoffs, for the dashboard. */
    private final RecentEvents recentEvents = new RecentEvents(java.time.Clock.systemUTC());
    private final dev.switchboard.proxy.console.ConsoleControl consoleControl =
            new dev.switchboard.proxy.console.ConsoleControl(this::allPools);

    private final Switchovers switchovers;
    private final java.util.concurrent.ConcurrentMap<String, dev.switchboard.proxy.stats.DatabaseTraffic> traffic =
            new java.util.concurrent.ConcurrentHashMap<>();

    ProxyContext(SwitchboardConfig config, Transport transport, EventLoopGroup workers) {
        this(config, transport, workers, null);
    }

    /** With {@code connectors} null, server connections are opened over the network ({@link BackendConnector}). */
    ProxyContext(SwitchboardConfig config, Transport transport, EventLoopGroup workers, ConnectorFactory connectors) {
        this.connectors = connectors != null ? connectors : this::networkConnector;
        this.config = config;
        this.transport = transport;
        this.workers = workers;
        this.scramSecrets = scramSecretsOf(config);
        this.cancelRateLimit = new CancelRateLimit(config.limits().cancelRequestsPerSecond());
        try {
            TlsEngine engine = TlsEngine.choose(config.tls().engine());
            this.clientTls = config.tls().client().enabled() ? ClientTls.load(config.tls().client(), engine) : null;
            this.serverTls = ServerTls.load(config.tls().server(), engine);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.cancelKeys = new CancelKeys(config.peers() == null ? null
                : new dev.switchboard.proxy.cancel.PeerKeys(config.peers()));
        this.topologies = new Topologies(config, meters);
        this.authQuery = config.auth().query() == null ? null : new AuthQuery(config.auth().query(), this::connectAsAuthUser);
        this.stallWatch = new StallWatch(config.limits().stallTimeout(), meters, workers);
        this.notificationBacklog = new NotificationBacklog(config.limits().maxQueuedNotifications(), meters);
        for (HubState state : HubState.values()) {
            io.micrometer.core.instrument.Gauge.builder("switchboard.listener.hubs", listenerHubs, hubs -> hubs.count(state))
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .description("listener hubs (transaction-mode LISTEN) per state").register(meters);
        }
        // A fenced or foreign node keeps no server connections: nothing may go on writing to it.
        topologies.onNodeExcluded(node -> workers.next().execute(() -> retireNode(node)));
        // NOTIFY runs on the write target: a hub still connected elsewhere hears nothing more.
        topologies.onWriteTargetMoved((cluster, node) -> listenerHubs.forEachUnder(cluster + "/",
                hub -> hub.follow(node)));
        topologies.onChange((before, after) -> TopologyChanges.record(before, after, recentEvents));
        dev.switchboard.proxy.console.ClientMetrics.bind(clientList, meters);
        dev.switchboard.proxy.handoff.HandoffMeters.register(meters);
        new java.security.SecureRandom().nextBytes(mockAuthKey);
        for (String cluster : config.clusters().keySet()) {
            topologyFeeds.put(cluster, new dev.switchboard.proxy.extensions.TopologyFeed(
                    topologies.cluster(cluster).topology()));
        }
        this.drain = new dev.switchboard.proxy.extensions.Drain(workers);
        this.switchovers = new Switchovers(topologies, this::config, this::allPools, workers::next);
    }

    /**
     * Takes {@code node} out of service: its idle servers close (leased ones when they come back), listener hubs
     * listen again on the write target, and clients whose sessions hold a server there are drained — told at
     * their next idle point, closed with FATAL 57P01 after {@code limits.drain_grace}.
     */
    public void retireNode(String node) {
        pools.retire(key -> key.node().equals(node));
        multiplexedPools.retire(key -> key.node().equals(node));
        listenerHubs.hubs().forEach(hub -> hub.leave(node));
        drain.retireNode(node, config().limits().drainGrace());
    }

    /** SCRAM secrets are derived once at start: PBKDF2 per login would cost milliseconds of CPU each. */
    private static Map<String, ScramSecret> scramSecretsOf(SwitchboardConfig config) {
        Map<String, ScramSecret> secrets = new HashMap<>();
        for (UserConfig user : config.users().values()) {
            String password = user.password();
            if (password == null || Md5Password.looksLikeMd5Hash(password)) {
                continue;
            }
            secrets.put(user.name(), ScramSecret.looksLikeScramSecret(password)
                    ? ScramSecret.parse(password) : ScramSecret.fromPassword(password));
        }
        return Map.copyOf(secrets);
    }

    /** Looks up users absent from the configuration; null without auth.query. */
    public AuthQuery authQuery() {
        return authQuery;
    }

    /** A connection for auth.query: its user, to the database's write target (where the roles are current). */
    private java.util.concurrent.CompletableFuture<ServerConn> connectAsAuthUser(DatabaseConfig database) {
        ClusterRouting routing = routing(database);
        NodeView primary = routing.topology().current().writeTarget();
        if (primary == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new IllegalStateException("cluster " + database.cluster() + " has no write target"));
        }
        var query = config.auth().query();
        UserConfig authUser = new UserConfig(query.user(), query.password(), config.auth().defaultMethod(), query.user(),
                query.password(), null);
        return connectors.connectorFor(database, authUser, routing.address(primary)).connect();
    }

    /** SCRAM keys proved by clients, for users the proxy has no backend password for. */
    public ScramPassthrough scramPassthrough() {
        return scramPassthrough;
    }

    /** TLS towards clients; null when it is off. */
    public ClientTls clientTls() {
        return clientTls;
    }

    public SwitchboardConfig config() {
        return config;
    }

    /**
     * Runs {@code next} from now on, as far as it can be applied live: the one place the configuration changes.
     * Pools of databases whose pool settings changed take them in place; pools that would connect to an old
     * target are retired (their idle servers close, leased ones when they come back). Clients keep the database
     * and user they logged in with; logins from now on see the new ones.
     */
    public synchronized ConfigDiff apply(SwitchboardConfig next) {
        ConfigDiff diff = ConfigDiff.between(config, next);
        SwitchboardConfig applied = diff.applicable();
        scramSecrets = scramSecretsOf(applied);
        config = applied;
        for (String cluster : diff.clusterNodesChanged()) {
            // Removed nodes turn RETIRED: their pools are retired by the node-excluded watch, as a fenced node's.
            topologies.applyNodes(applied.clusters().get(cluster));
        }
        for (PoolRegistry<ServerConn> registry : java.util.List.of(pools, multiplexedPools)) {
            registry.retire(key -> diff.databasesRetargeted().contains(entryOf(applied, key.database())));
            for (Pool<ServerConn> pool : registry.pools()) {
                String name = pool.key().database();
                if (diff.poolsChanged().contains(entryOf(applied, name))) {
                    pool.reconfigure(settingsOf(applied.database(name).orElseThrow().pool()));
                }
            }
        }
        return diff;
    }

    /**
     * The configured user as it is now, when it still names the same backend user; otherwise (removed, mapped
     * elsewhere, or found by auth.query) the one the pool was made for.
     */
    private UserConfig currentCredentials(UserConfig user) {
        UserConfig now = config.users().get(user.name());
        return now != null && now.backendUser().equals(user.backendUser()) ? now : user;
    }

    /** The databases entry a pool's database is configured by: its own, else the fallback {@code "*"}. */
    private static String entryOf(SwitchboardConfig config, String database) {
        return config.databases().containsKey(database) ? database : DatabaseConfig.FALLBACK;
    }

    /** Reloads the configuration file (console RELOAD, SIGHUP). */
    public ConfigReloader reloader() {
        return reloader;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Transport transport() {
        return transport;
    }

    /** CancelRequests per client address (limits.cancel_requests_per_second). */
    public CancelRateLimit cancelRateLimit() {
        return cancelRateLimit;
    }

    public CancelKeys cancelKeys() {
        return cancelKeys;
    }

    public PoolRegistry<ServerConn> pools() {
        return pools;
    }

    public AtomicInteger clients() {
        return clients;
    }

    /** Key of the mock SCRAM exchange for unknown users: their fake salt stays stable for this process. */
    public byte[] mockAuthKey() {
        return mockAuthKey;
    }

    /** The SCRAM secret of a configured user, or null when the user has none. */
    public ScramSecret scramSecret(String user) {
        return scramSecrets.get(user);
    }

    /** The session-mode pool serving this user on this database on one node of its cluster. */
    public Pool<ServerConn> poolFor(DatabaseConfig database, UserConfig user, NodeView node) {
        return poolIn(pools, database, user, node);
    }

    /** The pool for transaction and statement mode on one node, kept apart from session mode's. */
    public Pool<ServerConn> multiplexedPoolFor(DatabaseConfig database, UserConfig user, NodeView node) {
        return poolIn(multiplexedPools, database, user, node);
    }

    private Pool<ServerConn> poolIn(PoolRegistry<ServerConn> registry, DatabaseConfig database, UserConfig user,
                                    NodeView node) {
        // Looked up at every lease: the connector is built only when the pool is created.
        // Keyed by the virtual database: two of them on one real database have their own settings (mode, size).
        PoolKey key = new PoolKey(node.node(), database.name(), user.backendUser());
        boolean[] created = new boolean[1];
        Pool<ServerConn> found = registry.pool(key, k -> {
            created[0] = true;
            NodeAddress address = routing(database).address(node);
            // Credentials are looked up at each connect: a reload that changes a password reaches new connections
            // without replacing the pool, whose clients and connections carry on.
            Pool<ServerConn> pool = new Pool<>(k, settingsOf(database.pool()),
                    () -> connectors.connectorFor(database, currentCredentials(user), address).connect(),
                    Ticker.system(), budgetsFor(database, user));
            pool.bindTo(meters);
            return pool;
        });
        if (created[0]) {
            consoleControl.follow(found); // a database the console paused stays paused for new pools too
        }
        return found;
    }

    private static PoolSettings settingsOf(PoolConfig settings) {
        return new PoolSettings(settings.size(), settings.waitTimeout(), settings.idleTimeout(), settings.maxLifetime(),
                settings.minIdle(), settings.healthCheckAfterIdle());
    }

    /** Node choice for the cluster serving this database. */
    public ClusterRouting routing(DatabaseConfig database) {
        return topologies.cluster(database.cluster());
    }

    public Topologies topologies() {
        return topologies;
    }

    /** Where client↔server links register so that one held back too long is reported. */
    public StallWatch stallWatch() {
        return stallWatch;
    }

    /** The shared limits a new server connection of this database and user counts against. */
    private java.util.List<ConnectionBudget> budgetsFor(DatabaseConfig database, UserConfig user) {
        java.util.List<ConnectionBudget> budgets = new java.util.ArrayList<>(2);
        if (database.maxServerConnections() > 0) {
            budgets.add(sharedBudgets.computeIfAbsent("database \"" + database.name() + "\"", database.maxServerConnections()));
        }
        if (user.maxServerConnections() > 0) {
            budgets.add(sharedBudgets.computeIfAbsent("user \"" + user.name() + "\"", user.maxServerConnections()));
        }
        return budgets;
    }

    /**
     * Admits one more client of {@code user} under its max_client_connections, counted until {@code channel}
     * closes; false when it is at the limit.
     */
    public boolean admitClient(UserConfig user, io.netty.channel.Channel channel) {
        if (user.maxClientConnections() <= 0) {
            return true; // nothing to count: no close listener is kept for such a client
        }
        java.util.concurrent.atomic.AtomicInteger count =
                clientsPerUser.computeIfAbsent(user.name(), n -> new java.util.concurrent.atomic.AtomicInteger());
        if (count.incrementAndGet() > user.maxClientConnections()) {
            count.decrementAndGet();
            return false;
        }
        channel.closeFuture().addListener(f -> count.decrementAndGet());
        return true;
    }

    private BackendConnector networkConnector(DatabaseConfig database, UserConfig user, NodeAddress node) {
        return new BackendConnector(transport, workers,
                new BackendConnector.Target(node.host(), node.port(), database.dbname(), user.backendUser(),
                        user.backendPassword(), scramPassthrough),
                config.limits().connectTimeout(), config.limits().maxMessageSize(), serverTls);
    }

    /**
     * The hub that LISTENs for transaction-mode clients of this database and user (connected on first LISTEN).
     * NOTIFY runs on the primary and standbys refuse LISTEN, so the hub connects to the write target of the
     * moment it (re)connects; after losing its server it tries again on every new topology reading, for at
     * most failover.hold_timeout.
     */
    public ListenerHub listenerHub(DatabaseConfig database, UserConfig user) {
        String key = database.cluster() + "/" + database.dbname() + "/" + user.backendUser();
        return listenerHubs.hub(key, () -> new ListenerHub(key, () -> {
            ClusterRouting routing = routing(database);
            NodeView primary = routing.topology().current().writeTarget();
            if (primary == null) {
                return CompletableFuture.failedFuture(new NoEligibleNodeException(
                        routing.whyNothing(Route.WRITE, LagBound.NONE)));
            }
            return connectors.connectorFor(database, user, routing.address(primary)).connect();
        }, followWriteTarget(routing(database))));
    }

    /**
     * The first attempt right after the loss; each later one after the monitors' next reading (the write target
     * that failed may still be named until then), until failover.hold_timeout has passed since the loss.
     */
    private static ReconnectPolicy followWriteTarget(ClusterRouting routing) {
        long holdNanos = routing.holdTimeout().toNanos();
        return (failures, lostAtNanos) -> {
            long left = holdNanos - (System.nanoTime() - lostAtNanos);
            if (left <= 0) {
                boolean noPrimary = routing.topology().current().writeTarget() == null;
                return CompletableFuture.failedFuture(new IllegalStateException("no primary took it within "
                        + routing.holdTimeout().toMillis() + " ms (failover.hold_timeout)"
                        + (noPrimary ? ": " + routing.whyNothing(Route.WRITE, LagBound.NONE) : "")));
            }
            if (failures == 0) {
                return CompletableFuture.completedFuture(null);
            }
            return routing.topology().nextChange().<Void>thenApply(snapshot -> null)
                    .completeOnTimeout(null, left, java.util.concurrent.TimeUnit.NANOSECONDS);
        };
    }

    /** limits.max_queued_notifications and the meters of notifications waiting for clients. */
    public NotificationBacklog notificationBacklog() {
        return notificationBacklog;
    }

    public StatementRegistry statementRegistry() {
        return statementRegistry;
    }

    public MeterRegistry meters() {
        return meters;
    }

    /** What the admin HTTP endpoint shows: every cluster's topology, every meter, the pools and clients. */
    public AdminView adminView() {
        return AdminView.of(topologies::snapshots, meters, drain()::draining,
                () -> ProxyActivity.of(pools.pools(), multiplexedPools.pools(), clientList.all(), meters),
                recentEvents, switchovers);
    }

    /** The latest role changes and handoffs, shown on the dashboard. */
    public RecentEvents recentEvents() {
        return recentEvents;
    }

    public Classification classify(String sql) {
        return SqlClassifier.classify(sql);
    }

    /**
     * Completed by the admin console's SHUTDOWN; the program that runs the proxy ({@code switchboard run}, the
     * demo) stops when it completes. Nobody waits on it when the proxy runs inside another program.
     */
    public CompletableFuture<Void> shutdownRequested() {
        return shutdownRequested;
    }

    /** Completed when the proxy is to accept no more connections (its listeners close); the process goes on. */
    public CompletableFuture<Void> acceptingStopped() {
        return acceptingStopped;
    }

    /** Every logged-in client, for the admin console. */
    public dev.switchboard.proxy.console.ClientList clientList() {
        return clientList;
    }

    /** What the admin console's commands have changed: paused and disabled databases. */
    /** The traffic counters of a database as clients name it (SHOW STATS), made on first use. */
    public dev.switchboard.proxy.stats.DatabaseTraffic traffic(String database) {
        return traffic.computeIfAbsent(database, d -> new dev.switchboard.proxy.stats.DatabaseTraffic());
    }

    /** Planned switchovers, and PAUSE and RESUME of whole clusters. */
    public Switchovers switchovers() {
        return switchovers;
    }

    public dev.switchboard.proxy.console.ConsoleControl consoleControl() {
        return consoleControl;
    }

    /** Every pool of both kinds. */
    public java.util.List<Pool<ServerConn>> allPools() {
        java.util.List<Pool<ServerConn>> all = new java.util.ArrayList<>(pools.pools());
        all.addAll(multiplexedPools.pools());
        return all;
    }

    public PoolRegistry<ServerConn> multiplexedPools() {
        return multiplexedPools;
    }

    /** The topology epochs of the cluster serving this database. */
    public dev.switchboard.proxy.extensions.TopologyFeed topologyFeed(DatabaseConfig database) {
        return topologyFeeds.get(database.cluster());
    }

    /** The started sessions a successor process may take over (see {@code handoff.HandoffGiver}). */
    public java.util.Set<dev.switchboard.proxy.handoff.Movable> movableClients() {
        return movableClients;
    }

    /** Where client sessions register to be drained (shutdown, handoff). */
    public dev.switchboard.proxy.extensions.Drain drain() {
        return drain;
    }

    /** Closes pools and hubs. */
    void close() {
        // A lent server goes back to its pool (and is closed there) through its event loop, which stops next. The
        // loop's shutdown closes what is registered on it, yet a server whose session was being reset as the proxy
        // stopped was seen left open, its backend idle. Closing every server here, leased ones too, queues each
        // close on its loop ahead of the shutdown.
        java.util.List<io.netty.channel.ChannelFuture> closing = new java.util.ArrayList<>();
        for (Pool<ServerConn> pool : allPools()) {
            for (dev.switchboard.pooling.ServerEntry<ServerConn> entry : pool.servers()) {
                if (entry.connection() != null) {
                    closing.add(entry.connection().channel().close());
                }
            }
        }
        topologyFeeds.values().forEach(dev.switchboard.proxy.extensions.TopologyFeed::close);
        stallWatch.close();
        topologies.close();
        pools.close();
        multiplexedPools.close();
        listenerHubs.close();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(SERVER_CLOSE_WAIT_MILLIS);
        for (io.netty.channel.ChannelFuture future : closing) {
            future.awaitUninterruptibly(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

    /** Bound on waiting for the server connections' closes as the proxy stops (each is a task on a live loop). */
    private static final long SERVER_CLOSE_WAIT_MILLIS = 2_000;
}

// A local PostgreSQL cluster for tests and demos: a primary and N streaming standbys, cleaned up on close.
package dev.switchboard.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real PostgreSQL servers on 127.0.0.1, started from {@link PostgresBinaries#resolve()}. The primary is
 * created with initdb; each standby starts from a copy of its data directory (taken before the primary
 * first starts, so the copy is a clean shutdown state) with {@code standby.signal} and a
 * {@code primary_conninfo} pointing at the primary. {@link #close()} stops everything immediately and
 * deletes the files; a shutdown hook and a registry of owner JVMs make sure that also happens after a
 * failed or killed test run.
 *
 * <pre>{@code
 * try (PgCluster cluster = PgCluster.builder().standbys(2).start()) {
 *     cluster.primary().execute("CREATE TABLE t (id int)");
 * }
 * }</pre>
 */
public final class PgCluster implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PgCluster.class.getName());
    /** sun_path is 108 bytes including the terminating zero. */
    private static final int MAX_SOCKET_PATH = 107;

    private final String id;
    private final Path baseDir;
    private final boolean deleteBaseDir;
    private final String superuser;
    private final ClusterRegistry registry;
    private final List<PgNode> nodes = new CopyOnWriteArrayList<>();
    private boolean closed;

    private PgCluster(String id, Path baseDir, boolean deleteBaseDir, String superuser, ClusterRegistry registry) {
        this.id = id;
        this.baseDir = baseDir;
        this.deleteBaseDir = deleteBaseDir;
        this.superuser = superuser;
        this.registry = registry;
    }

    /** A builder with no standbys, superuser "postgres" and a fresh directory under java.io.tmpdir. */
    public static Builder builder() {
        return new Builder();
    }

    /** The node created as the primary (node0); after a failover it may be a dead or demoted node. */
    public PgNode primary() {
        return nodes.get(0);
    }

    /** The nodes created as standbys (node1…), in order. */
    public List<PgNode> standbys() {
        return nodes.subList(1, nodes.size());
    }

    /** All nodes, the primary first. */
    public List<PgNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Node {@code i} (0 is the primary). */
    public PgNode node(int i) {
        return nodes.get(i);
    }

    /** The superuser every node was initialised with; SQL from {@link PgNode#query} runs as this user. */
    public String superuser() {
        return superuser;
    }

    /** The directory holding one sub-directory per node. */
    public Path baseDir() {
        return baseDir;
    }

    /** The running node that is not in recovery (the current writer); fails if there is none. */
    public PgNode currentPrimary() {
        for (PgNode node : nodes) {
            if (node.isRunning() && !node.isInRecovery()) {
                return node;
            }
        }
        throw new EmbeddedPostgresException("no running node of cluster " + id + " is out of recovery");
    }

    /** Waits until every running standby has replayed the current writer's WAL position. */
    public void awaitStandbysCaughtUp() {
        PgNode writer = currentPrimary();
        String lsn = writer.queryValue("SELECT pg_current_wal_lsn()");
        for (PgNode node : nodes) {
            if (node != writer && node.isRunning()) {
                node.awaitReplayed(lsn);
            }
        }
    }

    /** Stops every node immediately and deletes the base directory unless it was given to the builder. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LOG.log(System.Logger.Level.INFO, "closing cluster {0}", id);
        for (PgNode node : nodes) {
            node.terminate();
        }
        registry.delete();
        if (deleteBaseDir) {
            FileTrees.deleteTree(baseDir);
        }
        ShutdownCleanup.unregister(this);
    }

    @Override
    public String toString() {
        return "PgCluster[" + id + ", " + baseDir + ", " + nodes + "]";
    }

    private void create(PostgresBinaries binaries, PgOsUser user, Duration timeout, int standbys,
            Map<String, String> settings, List<String> hba, Map<String, String> dataFiles) {
        Commands commands = new Commands(user);
        PgNode.Env env = new PgNode.Env(binaries, commands, user, superuser, timeout,
                () -> registry.write(baseDir, deleteBaseDir, nodes));
        for (int i = 0; i <= standbys; i++) {
            Path nodeDir = baseDir.resolve("node" + i);
            if (Files.exists(nodeDir)) {
                throw new EmbeddedPostgresException(nodeDir + " already exists; give an empty base directory");
            }
            FileTrees.createPrivateDir(nodeDir, user);
            PgNode node = new PgNode(i, nodeDir, env);
            String socket = nodeDir.resolve(".s.PGSQL.65535").toString();
            if (socket.length() > MAX_SOCKET_PATH) {
                throw new EmbeddedPostgresException("Unix socket path " + socket + " is longer than "
                        + MAX_SOCKET_PATH + " bytes; use a shorter base directory");
            }
            nodes.add(node);
        }
        user.checkReachable(primary().dataDir());
        PgNode primary = primary();
        LOG.log(System.Logger.Level.INFO, "initdb {0} in {1}", primary.name(), primary.dataDir());
        commands.runOrThrow(List.of(binaries.initdb().toString(), "-D", primary.dataDir().toString(),
                "-U", superuser, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"),
                primary.nodeDir(), timeout, "initdb of " + primary.name());
        NodeConfig.writeCommon(primary.dataDir(), settings, hba, user);
        dataFiles.forEach((name, text) -> FileTrees.writeOwned(primary.dataDir().resolve(name), text, false, user));
        primary.writeNodeConf();
        for (PgNode standby : standbys()) {
            FileTrees.copyTree(primary.dataDir(), standby.dataDir(), user);
            FileTrees.writeOwned(standby.dataDir().resolve("standby.signal"), "", false, user);
        }
        primary.start();
        for (PgNode standby : standbys()) {
            // Written only now: the primary's port is final once it has started.
            standby.setUpstreamPort(primary.port());
            standby.writeNodeConf();
            standby.start();
        }
        for (PgNode standby : standbys()) {
            standby.awaitStreaming();
        }
        LOG.log(System.Logger.Level.INFO, "cluster {0} ready: {1}", id, nodes);
    }

    /** Options of a cluster; {@link #start()} creates and starts it. */
    public static final class Builder {

        private int standbys;
        private Path baseDir;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<String> hba = new ArrayList<>();
        private final Map<String, String> dataFiles = new LinkedHashMap<>();
        private String superuser = "postgres";
        private Duration timeout = Duration.ofSeconds(60);
        private PostgresBinaries binaries;

        private Builder() {
        }

        /** Number of streaming standbys (default 0). */
        public Builder standbys(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("standbys must be >= 0: " + n);
            }
            this.standbys = n;
            return this;
        }

        /** Where the node directories go; it is kept on close. Default: a fresh directory, deleted on close. */
        public Builder baseDir(Path dir) {
            this.baseDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** A postgresql.conf setting for every node; replaces a default of the same name. */
        public Builder setting(String name, String value) {
            settings.put(NodeConfig.checkName(name), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * TLS on every node ({@code ssl = on}) with this PEM certificate chain and private key, written into each
         * data directory readable by the PostgreSQL user only, as PostgreSQL requires of a key.
         */
        public Builder tls(String certificatePem, String privateKeyPem) {
            dataFiles.put("server.crt", Objects.requireNonNull(certificatePem, "certificatePem"));
            dataFiles.put("server.key", Objects.requireNonNull(privateKeyPem, "privateKeyPem"));
            settings.put("ssl", "on");
            settings.put("ssl_cert_file", "server.crt");
            settings.put("ssl_key_file", "server.key");
            return this;
        }

        /** A pg_hba.conf line placed before the default trust lines. */
        public Builder hba(String line) {
            hba.add(Objects.requireNonNull(line, "line"));
            return this;
        }

        /** The bootstrap superuser (default "postgres"). */
        public Builder superuser(String name) {
            if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("superuser must be a plain identifier: " + name);
            }
            this.superuser = name;
            return this;
        }

        /** Deadline for each wait (start, stop, streaming, promotion); default 60 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Binaries to use instead of {@link PostgresBinaries#resolve()}. */
        public Builder binaries(PostgresBinaries binaries) {
            this.binaries = Objects.requireNonNull(binaries, "binaries");
            return this;
        }

        /** Creates and starts the cluster; on failure everything created so far is removed. */
        public PgCluster start() {
            Path clustersDir = ClusterRegistry.defaultClustersDir();
            ClusterRegistry.reapOrphans(clustersDir);
            PostgresBinaries bin = binaries != null ? binaries : PostgresBinaries.resolve();
            PgOsUser user = PgOsUser.detect();
            String id = String.format("%012x", ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL);
            Path base = baseDir != null ? baseDir.toAbsolutePath().normalize() : clustersDir.resolve(id);
            try {
                if (baseDir != null) {
                    Files.createDirectories(base);
                } else {
                    FileTrees.createPrivateDir(base, user);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + base, e);
            }
            ClusterRegistry registry = new ClusterRegistry(clustersDir, id);
            PgCluster cluster = new PgCluster(id, base, baseDir == null, superuser, registry);
            ShutdownCleanup.register(cluster);
            try {
                registry.write(base, baseDir == null, cluster.nodes);
                Map<String, String> all = NodeConfig.defaults();
                all.putAll(settings);
                cluster.create(bin, user, timeout, standbys, all, List.copyOf(hba), Map.copyOf(dataFiles));
                return cluster;
            } catch (RuntimeException | Error e) {
                try {
                    cluster.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }
}

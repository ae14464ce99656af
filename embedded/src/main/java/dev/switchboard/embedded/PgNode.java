// One PostgreSQL server of an embedded cluster: lifecycle through pg_ctl, roles, settings and SQL.
package dev.switchboard.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A node of a {@link PgCluster}. Control methods block until the requested state is reached or a
 * deadline passes; failures raise {@link EmbeddedPostgresException} ending with the tail of the server
 * log. SQL runs as the cluster's superuser over a fresh TCP connection per call.
 */
public final class PgNode {

    /** What a node needs from its cluster. */
    record Env(PostgresBinaries binaries, Commands commands, PgOsUser user, String superuser,
               Duration timeout, Runnable onPostmasterChange) {
    }

    private static final System.Logger LOG = System.getLogger(PgNode.class.getName());
    private static final int MAX_PORT_ATTEMPTS = 5;
    private static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final Path nodeDir;
    private final Path dataDir;
    private final Path logFile;
    private final Env env;
    private volatile int port;
    private volatile Integer upstreamPort;
    /** Once a node has listened on its port, the port is part of its identity and never changes. */
    private volatile boolean portSettled;

    PgNode(int index, Path nodeDir, Env env) {
        this.name = "node" + index;
        this.nodeDir = nodeDir;
        this.dataDir = nodeDir.resolve("data");
        this.logFile = nodeDir.resolve("postgresql.log");
        this.env = env;
        this.port = Ports.pickFree();
    }

    /** "node0", "node1", … in creation order; node0 was created as the primary. */
    public String name() {
        return name;
    }

    /** Always 127.0.0.1: nodes listen on the IPv4 loopback only. */
    public String host() {
        return "127.0.0.1";
    }

    /** The TCP port (fixed once the node has started). */
    public int port() {
        return port;
    }

    /** The data directory (PGDATA). */
    public Path dataDir() {
        return dataDir;
    }

    /** The server log written by pg_ctl -l. */
    public Path logFile() {
        return logFile;
    }

    /** The node's directory, also its Unix socket directory. */
    public Path nodeDir() {
        return nodeDir;
    }

    /** The postmaster pid from postmaster.pid if that process is alive. */
    public OptionalLong postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            long pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
            return OsProcesses.isAlive(pid) ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether this node's postmaster process is alive. */
    public boolean isRunning() {
        return postmasterPid().isPresent();
    }

    /**
     * Starts the postmaster (as a child of this JVM, output appended to {@link #logFile()}) and waits
     * until it accepts connections; a no-op if it is running. On the first start a port clash makes it
     * retry on another free port. A standby counts as ready once it accepts read-only sessions; use
     * {@link #awaitStreaming()} to wait for replication as well.
     */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        removeStalePidFile();
        long deadline = System.nanoTime() + env.timeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            long logOffset = logSize();
            LOG.log(System.Logger.Level.INFO, "starting {0} on port {1,number,#}", name, port);
            if (!Files.exists(logFile)) {
                FileTrees.writeOwned(logFile, "", false, env.user());
            }
            Process server = env.commands().startServer(
                    List.of(env.binaries().postgres().toString(), "-D", dataDir.toString()), nodeDir, logFile);
            try {
                awaitCondition(deadline, "accept connections", server::isAlive, () -> {
                    query("SELECT 1");
                    return true;
                });
                break;
            } catch (EmbeddedPostgresException e) {
                if (server.isAlive()) { // Deadline passed: do not leave a half-started server behind.
                    terminate();
                    server.destroyForcibly();
                    throw e;
                }
                String fresh = logSince(logOffset);
                if (portSettled || attempt >= MAX_PORT_ATTEMPTS
                        || !(fresh.contains("could not bind") || fresh.contains("Address already in use"))) {
                    throw e;
                }
                int taken = port;
                port = Ports.pickFree();
                writeNodeConf();
                LOG.log(System.Logger.Level.WARNING, "{0}: port {1,number,#} was taken, retrying on {2,number,#}",
                        name, taken, port);
            }
        }
        portSettled = true;
        env.onPostmasterChange().run();
    }

    /**
     * A postmaster.pid whose process is gone is normally ignored by PostgreSQL, but not when that pid
     * still exists as a zombie; the file is removed once its process is verifiably not running.
     */
    private void removeStalePidFile() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (Files.exists(pidFile) && postmasterPid().isEmpty()) {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stale " + pidFile, e);
        }
    }

    /** Stops the node with {@code pg_ctl stop -m <mode>} and waits; a no-op if it is not running. */
    public synchronized void stop(StopMode mode) {
        OptionalLong pid = postmasterPid();
        if (pid.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "stopping {0} ({1})", name, mode.pgCtlName());
        Commands.Result result = env.commands().run(List.of(env.binaries().pgCtl().toString(), "stop",
                "-D", dataDir.toString(), "-m", mode.pgCtlName(), "-w",
                "-t", Long.toString(env.timeout().toSeconds())), nodeDir, env.timeout().plusSeconds(10));
        if (!result.ok() && isRunning()) {
            throw failure("failed to stop (" + mode.pgCtlName() + "): " + result.output().strip());
        }
        // pg_ctl returns when postmaster.pid is gone; the process itself may take a moment more.
        if (!OsProcesses.awaitGone(new long[] {pid.getAsLong()}, env.timeout())) {
            throw failure("postmaster " + pid.getAsLong() + " still alive after pg_ctl stop");
        }
    }

    /**
     * Simulates a crash: SIGKILLs the postmaster and waits until it, its children (which exit on their
     * own once they notice the postmaster is gone) and the port are released.
     */
    public synchronized void kill9() {
        OptionalLong pid = postmasterPid();
        if (pid.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "killing {0} (postmaster pid {1,number,#}) with SIGKILL", name,
                pid.getAsLong());
        List<ProcessHandle> children = OsProcesses.descendants(pid.getAsLong());
        ProcessHandle.of(pid.getAsLong()).ifPresent(ProcessHandle::destroyForcibly);
        long[] all = new long[children.size() + 1];
        all[0] = pid.getAsLong();
        for (int i = 0; i < children.size(); i++) {
            all[i + 1] = children.get(i).pid();
        }
        if (!OsProcesses.awaitGone(all, Duration.ofSeconds(10))) {
            LOG.log(System.Logger.Level.WARNING, "{0}: children of the killed postmaster linger; killing them", name);
            children.forEach(ProcessHandle::destroyForcibly);
            if (!OsProcesses.awaitGone(all, Duration.ofSeconds(10))) {
                throw failure("processes of the killed postmaster " + pid.getAsLong() + " do not exit");
            }
        }
        long deadline = System.nanoTime() + env.timeout().toNanos();
        while (!Ports.isFree(port)) {
            if (System.nanoTime() > deadline) {
                throw failure("port still in use after the postmaster was killed");
            }
            OsProcesses.pause(50);
        }
    }

    /** Stops the node in {@link StopMode#FAST} mode and starts it again. */
    public synchronized void restart() {
        stop(StopMode.FAST);
        start();
    }

    /** Promotes this standby ({@code pg_ctl promote}) and waits until it is out of recovery. */
    public synchronized void promote() {
        LOG.log(System.Logger.Level.INFO, "promoting {0}", name);
        env.commands().runOrThrow(List.of(env.binaries().pgCtl().toString(), "promote", "-D", dataDir.toString(),
                "-w", "-t", Long.toString(env.timeout().toSeconds())), nodeDir, env.timeout().plusSeconds(10),
                name + ": pg_ctl promote");
        awaitCondition(System.nanoTime() + env.timeout().toNanos(), "leave recovery",
                () -> "f".equals(queryValue("SELECT pg_is_in_recovery()")));
        upstreamPort = null;
        writeNodeConf();
    }

    /**
     * Turns this node into a standby of {@code upstream} (restarting it) and waits until it streams.
     * Works for a standby re-pointed after a promotion; a node that has diverged (an old primary with
     * writes the new one never received) needs pg_rewind, which is not available here.
     */
    public synchronized void follow(PgNode upstream) {
        LOG.log(System.Logger.Level.INFO, "{0}: following {1}", name, upstream.name());
        stop(StopMode.FAST);
        upstreamPort = upstream.port();
        writeNodeConf();
        FileTrees.writeOwned(dataDir.resolve("standby.signal"), "", false, env.user());
        start();
        awaitStreaming();
    }

    /** Waits until the WAL receiver reports status 'streaming'. */
    public void awaitStreaming() {
        awaitCondition(System.nanoTime() + env.timeout().toNanos(), "stream from its upstream",
                () -> "streaming".equals(queryValue("SELECT status FROM pg_stat_wal_receiver")));
    }

    /** Waits until this node has replayed WAL up to {@code lsn} (e.g. a primary's pg_current_wal_lsn()). */
    public void awaitReplayed(String lsn) {
        String sql = "SELECT pg_last_wal_replay_lsn() >= " + sqlLiteral(lsn) + "::pg_lsn";
        awaitCondition(System.nanoTime() + env.timeout().toNanos(), "replay up to " + lsn,
                () -> "t".equals(queryValue(sql)));
    }

    /** Whether the node is in recovery (a standby), by {@code pg_is_in_recovery()}. */
    public boolean isInRecovery() {
        return "t".equals(queryValue("SELECT pg_is_in_recovery()"));
    }

    /** {@code ALTER SYSTEM SET name = 'value'}, reload, and wait until new sessions see the reload. */
    public void setSetting(String name, String value) {
        String before = queryValue("SELECT pg_conf_load_time()");
        execute("ALTER SYSTEM SET " + NodeConfig.checkName(name) + " = " + sqlLiteral(value));
        execute("SELECT pg_reload_conf()");
        String sql = "SELECT pg_conf_load_time() > " + sqlLiteral(before) + "::timestamptz";
        awaitCondition(System.nanoTime() + env.timeout().toNanos(), "reload its configuration",
                () -> "t".equals(queryValue(sql)));
    }

    /** {@code ALTER SYSTEM SET name = 'value'} and a restart, for settings only read at server start. */
    public void setSettingAndRestart(String name, String value) {
        execute("ALTER SYSTEM SET " + NodeConfig.checkName(name) + " = " + sqlLiteral(value));
        restart();
    }

    /** Runs SQL against database {@code postgres}; returns the text rows of every result set. */
    public List<List<String>> query(String sql) {
        return query("postgres", sql);
    }

    /** Runs SQL against {@code database}; returns the text rows of every result set (NULL as null). */
    public List<List<String>> query(String database, String sql) {
        try (MiniPgClient client = MiniPgClient.connect(host(), port, env.superuser(), database,
                (int) env.timeout().toMillis())) {
            return client.query(sql);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " (" + host() + ":" + port + "): " + e.getMessage(), e);
        }
    }

    /** The first column of the first row, or null when there is no row. */
    public String queryValue(String sql) {
        List<List<String>> rows = query(sql);
        return rows.isEmpty() || rows.get(0).isEmpty() ? null : rows.get(0).get(0);
    }

    /** Runs SQL against database {@code postgres}, ignoring any rows. */
    public void execute(String sql) {
        query(sql);
    }

    /**
     * Stops the node as fast as possible for cleanup: {@code pg_ctl stop -m immediate}, then SIGKILL of
     * the postmaster and its children if anything is left. Never throws.
     */
    synchronized void terminate() {
        OptionalLong pid = postmasterPid();
        if (pid.isEmpty()) {
            return;
        }
        List<ProcessHandle> children = OsProcesses.descendants(pid.getAsLong());
        long[] all = new long[children.size() + 1];
        all[0] = pid.getAsLong();
        for (int i = 0; i < children.size(); i++) {
            all[i + 1] = children.get(i).pid();
        }
        try {
            env.commands().run(List.of(env.binaries().pgCtl().toString(), "stop", "-D", dataDir.toString(),
                    "-m", "immediate", "-w", "-t", "10"), nodeDir, Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": pg_ctl stop -m immediate failed", e);
        }
        if (!OsProcesses.awaitGone(all, Duration.ofSeconds(5))) {
            OsProcesses.killTree(pid.getAsLong(), Duration.ofSeconds(10));
            children.forEach(ProcessHandle::destroyForcibly);
            if (!OsProcesses.awaitGone(all, Duration.ofSeconds(10))) {
                LOG.log(System.Logger.Level.ERROR, "{0}: postmaster {1,number,#} survived SIGKILL", name, all[0]);
            }
        }
    }

    void writeNodeConf() {
        NodeConfig.writeNode(dataDir, name, port, nodeDir, upstreamPort, env.superuser(), env.user());
    }

    void setUpstreamPort(Integer upstreamPort) {
        this.upstreamPort = upstreamPort;
    }

    /** Polls until the check returns true; exceptions count as "not yet" but end up in the failure. */
    private void awaitCondition(long deadlineNanos, String what, Supplier<Boolean> check) {
        awaitCondition(deadlineNanos, what, this::isRunning, check);
    }

    private void awaitCondition(long deadlineNanos, String what, BooleanSupplier alive, Supplier<Boolean> check) {
        RuntimeException last = null;
        for (;;) {
            try {
                if (Boolean.TRUE.equals(check.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (!alive.getAsBoolean()) {
                throw failure("exited while waiting to " + what + (last == null ? "" : " (" + last.getMessage() + ")"));
            }
            if (System.nanoTime() > deadlineNanos) {
                throw failure("did not " + what + " within " + env.timeout().toSeconds() + " s"
                        + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
            }
            OsProcesses.pause(50);
        }
    }

    private EmbeddedPostgresException failure(String what) {
        return new EmbeddedPostgresException(name + " (port " + port + ", " + dataDir + ") " + what
                + "\n--- last lines of " + logFile + " ---\n" + FileTrees.tail(logFile, LOG_TAIL_LINES));
    }

    private long logSize() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String logSince(long offset) {
        try (var raf = new java.io.RandomAccessFile(logFile.toFile(), "r")) {
            long from = Math.max(offset, raf.length() - 1024 * 1024); // a failed start logs little
            byte[] bytes = new byte[(int) Math.max(0, raf.length() - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String sqlLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public String toString() {
        return name + "@" + host() + ":" + port;
    }
}
